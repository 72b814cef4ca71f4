"""Practice room for facilitators (simulated set member, scorecard)."""

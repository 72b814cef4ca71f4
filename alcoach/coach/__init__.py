"""Sessions, flows and the choice of the next question. Never gives advice."""

"""Reading what the member writes: spaCy cues, embeddings, phrases, safety, question checks.

Importing this package is cheap; spaCy and torch load only when a model is first needed.
"""

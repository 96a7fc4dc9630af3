// Clause detection: see issue 3.

// Verdicts: see issue 3.

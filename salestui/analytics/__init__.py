"""Pure analytics over records and DataFrames; `as_of`/`today` is always a parameter."""

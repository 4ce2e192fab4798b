"""The contract and its storage: the Parquet tables' columns (schema), checking rows where they enter
(validation, text tables, cell formats), publishing a checked table atomically (publish), reading it back once
(store), and the small queries over it (query, councils, citations). Below everything that computes a figure."""

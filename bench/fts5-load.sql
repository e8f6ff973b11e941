-- SQLite FTS5 peer: loads JSONL article records from standard input into an FTS5 table
-- with the fields morgue stores (title and body indexed with positions, Porter stemming,
-- case and accents folded; id, outlet and day stored). SQLite parses the JSON itself; one
-- transaction.  sqlite3 DB ".read bench/fts5-load.sql" < CORPUS.jsonl
CREATE TEMP TABLE raw(line TEXT);
.mode ascii
.separator "\037" "\n"
.import --schema temp /dev/stdin raw
CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, outlet UNINDEXED, published UNINDEXED,
  title, body, tokenize = 'porter unicode61 remove_diacritics 2');
BEGIN;
INSERT INTO docs SELECT json_extract(line, '$.id'), json_extract(line, '$.outlet'),
  json_extract(line, '$.published'), json_extract(line, '$.title'),
  json_extract(line, '$.body') FROM temp.raw;
COMMIT;

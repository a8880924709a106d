-- The published schema (docs/data-contract.md). Money is DECIMAL(20,2) in 元, never DOUBLE.
CREATE TABLE IF NOT EXISTS reports (
  report_id VARCHAR PRIMARY KEY,
  source_url VARCHAR,
  source_sha256 VARCHAR,
  file_name VARCHAR,
  department VARCHAR,
  fiscal_year INTEGER,
  report_kind VARCHAR,
  scope VARCHAR,
  province VARCHAR,
  city VARCHAR,
  county VARCHAR,
  unit_as_printed VARCHAR,
  pages INTEGER,
  ocr_pages INTEGER,
  status VARCHAR,
  n_facts INTEGER,
  n_errors INTEGER,
  n_warnings INTEGER,
  quality_score DOUBLE,
  pipeline_version VARCHAR,
  run_id VARCHAR,
  loaded_at TIMESTAMP,
  last_error VARCHAR,
  last_error_at TIMESTAMP,
  level VARCHAR
);
-- Databases made before last_error / level existed get the columns (the loader names its columns).
ALTER TABLE reports ADD COLUMN IF NOT EXISTS last_error VARCHAR;
ALTER TABLE reports ADD COLUMN IF NOT EXISTS last_error_at TIMESTAMP;
ALTER TABLE reports ADD COLUMN IF NOT EXISTS level VARCHAR;

CREATE TABLE IF NOT EXISTS facts (
  report_id VARCHAR NOT NULL,
  table_code VARCHAR NOT NULL,
  table_name VARCHAR,
  item_code VARCHAR,
  item_name VARCHAR,
  item_level VARCHAR,
  line_no INTEGER,
  measure VARCHAR NOT NULL,
  value_yuan DECIMAL(20,2),
  quantity DECIMAL(20,2),
  quantity_unit VARCHAR,
  value_text VARCHAR,
  unit_as_printed VARCHAR,
  page INTEGER,
  method VARCHAR,
  confidence DOUBLE,
  run_id VARCHAR,
  cell_id VARCHAR,
  x0 DOUBLE,
  y0 DOUBLE,
  x1 DOUBLE,
  y1 DOUBLE
);
-- Databases made before the cells layer: facts gain the cell they were read from.
ALTER TABLE facts ADD COLUMN IF NOT EXISTS cell_id VARCHAR;
ALTER TABLE facts ADD COLUMN IF NOT EXISTS x0 DOUBLE;
ALTER TABLE facts ADD COLUMN IF NOT EXISTS y0 DOUBLE;
ALTER TABLE facts ADD COLUMN IF NOT EXISTS x1 DOUBLE;
ALTER TABLE facts ADD COLUMN IF NOT EXISTS y1 DOUBLE;

-- The lossless layer under facts: every non-empty numeric cell of every table found.
CREATE TABLE IF NOT EXISTS cells (
  report_id VARCHAR NOT NULL,
  cell_id VARCHAR NOT NULL,
  page INTEGER,
  x0 DOUBLE,
  y0 DOUBLE,
  x1 DOUBLE,
  y1 DOUBLE,
  table_title VARCHAR,
  table_code VARCHAR,
  row_label VARCHAR,
  row_code VARCHAR,
  column_label VARCHAR,
  value_text VARCHAR,
  value_yuan DECIMAL(20,2),
  quantity DECIMAL(20,2),
  unit_as_printed VARCHAR,
  method VARCHAR,
  confidence DOUBLE,
  run_id VARCHAR
);

CREATE TABLE IF NOT EXISTS quality (
  report_id VARCHAR NOT NULL,
  check_id VARCHAR NOT NULL,
  severity VARCHAR NOT NULL,
  table_code VARCHAR,
  item_code VARCHAR,
  line_no INTEGER,
  item_name VARCHAR,
  measure VARCHAR,
  expected DECIMAL(20,2),
  actual DECIMAL(20,2),
  message VARCHAR,
  page INTEGER,
  run_id VARCHAR
);

CREATE TABLE IF NOT EXISTS subjects (
  code VARCHAR NOT NULL,
  classification VARCHAR NOT NULL, -- 功能分类 / 经济分类
  level VARCHAR,                   -- 类 / 款 / 项
  name VARCHAR NOT NULL,
  parent_code VARCHAR,
  valid_from INTEGER,
  valid_to INTEGER
);

CREATE TABLE IF NOT EXISTS runs (
  run_id VARCHAR PRIMARY KEY,
  started_at TIMESTAMP,
  finished_at TIMESTAMP,
  status VARCHAR,
  pipeline_version VARCHAR,
  n_sources INTEGER,
  n_ok INTEGER,
  n_partial INTEGER,
  n_failed INTEGER,
  n_skipped INTEGER,
  args VARCHAR
);

-- Bookkeeping of the database itself: fingerprints of the reference data and the views last
-- written, so a run rewrites them only when they changed.
CREATE TABLE IF NOT EXISTS pipeline_meta (
  key VARCHAR PRIMARY KEY,
  value VARCHAR
);

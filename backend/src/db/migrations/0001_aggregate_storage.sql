-- A session's aggregate is rewritten with every batch; compressing it each time cost
-- more than storing it uncompressed out of line.
ALTER TABLE "sessions" ALTER COLUMN "aggregate" SET STORAGE EXTERNAL;

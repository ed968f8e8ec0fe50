-- Rate-limit counters are hit on every citizen look-up and report: as a logged table each hit
-- waited for a WAL flush (0.46 ms against 0.08 ms per upsert in pgbench here, and far more on a
-- busy disk). After a crash an unlogged table comes back empty, which only forgives the running
-- windows; replicas do not carry it, so a promoted standby starts counting afresh too.
-- See docs/decisions/0011-city-scale.md.
ALTER TABLE "rate_limits" SET UNLOGGED;

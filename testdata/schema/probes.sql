-- probe_results keeps one row per probe run, partitioned by day so that
-- old days can be purged; probe_archive holds the same rows unpartitioned.
CREATE TABLE probe_results (
    id        BIGINT NOT NULL AUTO_INCREMENT,
    probe_id  BIGINT NOT NULL,
    taken_at  DATETIME NOT NULL,
    ok        BOOLEAN NOT NULL,
    PRIMARY KEY (id, taken_at),
    KEY idx_probe (probe_id)
) PARTITION BY RANGE (TO_DAYS(taken_at)) (
    PARTITION d1 VALUES LESS THAN (TO_DAYS('2026-01-02')),
    PARTITION d2 VALUES LESS THAN (TO_DAYS('2026-01-03')),
    PARTITION dmax VALUES LESS THAN MAXVALUE
);

CREATE TABLE probe_archive (
    id        BIGINT NOT NULL PRIMARY KEY,
    probe_id  BIGINT NOT NULL,
    taken_at  DATETIME NOT NULL,
    ok        BOOLEAN NOT NULL,
    KEY idx_probe (probe_id)
);

-- probe_flags is partitioned by a hash of the probe: only equality on
-- probe_id would skip partitions, and locklint does not read HASH.
CREATE TABLE probe_flags (
    probe_id  BIGINT NOT NULL,
    flag      VARCHAR(20) NOT NULL,
    PRIMARY KEY (probe_id, flag)
) PARTITION BY HASH (probe_id) PARTITIONS 4;

-- The attention rules of /overview and /alerts as an ADMIN set them at /alerts: a rule without a row has the defaults
-- of AttentionRule. threshold is in the rule's unit (seconds, minutes or a count).
CREATE TABLE attention_rule (
    rule       VARCHAR(32)  NOT NULL PRIMARY KEY,
    threshold  INTEGER      NOT NULL,
    enabled    BOOLEAN      NOT NULL,
    notify     BOOLEAN      NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by VARCHAR(64)  NOT NULL
);

-- An item of "Needs attention" that a member of staff acknowledged: it leaves the list (and stops notifying). The key
-- names one occurrence (rule, room session, subject, since when), so the same trouble starting again is a new item.
CREATE TABLE attention_ack (
    item_key        VARCHAR(700) NOT NULL PRIMARY KEY,
    rule            VARCHAR(32)  NOT NULL,
    room_name       VARCHAR(256),
    acknowledged_by VARCHAR(64)  NOT NULL,
    acknowledged_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_attention_ack_at ON attention_ack (acknowledged_at);

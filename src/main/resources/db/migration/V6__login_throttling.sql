-- Password checks, counted before each check: per account from one address (PAIR), per address (ADDRESS, account
-- ''), per account from every address (ACCOUNT, address ''). A PAIR whose logged_in_at is set is an address the
-- account logged in from. staff_account.failed_logins and locked_until are no longer used (the old lockout).
CREATE TABLE login_throttle (
    scope            VARCHAR(8)  NOT NULL,
    account          VARCHAR(64) NOT NULL,
    address          VARCHAR(64) NOT NULL,
    failures         INT         DEFAULT 0 NOT NULL,
    first_failure_at TIMESTAMP WITH TIME ZONE,
    last_failure_at  TIMESTAMP WITH TIME ZONE,
    wait_until       TIMESTAMP WITH TIME ZONE,
    logged_in_at     TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_login_throttle PRIMARY KEY (scope, account, address)
);
CREATE INDEX ix_login_throttle_last_failure ON login_throttle (last_failure_at);

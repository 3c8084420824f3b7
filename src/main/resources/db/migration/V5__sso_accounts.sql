-- Accounts that sign in through the OpenID Connect provider: found by the provider's issuer and subject
-- (never by name), and without a Roomwarden password.
ALTER TABLE staff_account ADD COLUMN sso_issuer VARCHAR(255);
ALTER TABLE staff_account ADD COLUMN sso_subject VARCHAR(255);
ALTER TABLE staff_account ADD CONSTRAINT uq_staff_account_sso UNIQUE (sso_issuer, sso_subject);
ALTER TABLE staff_account ALTER COLUMN password_hash DROP NOT NULL;

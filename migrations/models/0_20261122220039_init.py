from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "users" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "email" VARCHAR(320) NOT NULL UNIQUE,
    "name" VARCHAR(200) NOT NULL,
    "password_hash" VARCHAR(255) NOT NULL,
    "is_staff" BOOL NOT NULL,
    "is_active" BOOL NOT NULL,
    "email_verified_at" TIMESTAMPTZ,
    "failed_login_count" INT NOT NULL,
    "locked_until" TIMESTAMPTZ,
    "last_login_at" TIMESTAMPTZ,
    "login_count" INT NOT NULL,
    "totp_secret_encrypted" TEXT,
    "totp_enabled_at" TIMESTAMPTZ,
    "totp_last_step" BIGINT
);
CREATE TABLE IF NOT EXISTS "auth_sessions" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "revoked_at" TIMESTAMPTZ,
    "revoked_reason" VARCHAR(64),
    "user_agent" VARCHAR(400) NOT NULL,
    "ip" VARCHAR(64) NOT NULL,
    "user_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_auth_sessio_user_id_287ae8" ON "auth_sessions" ("user_id");
COMMENT ON TABLE "auth_sessions" IS 'One sign-in; all refresh tokens rotated from it form its family.';
CREATE TABLE IF NOT EXISTS "email_tokens" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "purpose" VARCHAR(32) NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "email" VARCHAR(320) NOT NULL,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "used_at" TIMESTAMPTZ,
    "user_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_email_token_user_id_17f020" ON "email_tokens" ("user_id");
COMMENT ON COLUMN "email_tokens"."purpose" IS 'VERIFY_EMAIL: VERIFY_EMAIL\nRESET_PASSWORD: RESET_PASSWORD';
CREATE TABLE IF NOT EXISTS "refresh_tokens" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "used_at" TIMESTAMPTZ,
    "session_id" BIGINT NOT NULL REFERENCES "auth_sessions" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_refresh_tok_session_11127b" ON "refresh_tokens" ("session_id");
CREATE TABLE IF NOT EXISTS "organizations" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "timezone" VARCHAR(64) NOT NULL,
    "website" VARCHAR(500) NOT NULL,
    "brand_voice" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "invitations" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "email" VARCHAR(320) NOT NULL,
    "role" VARCHAR(16) NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "accepted_at" TIMESTAMPTZ,
    "revoked_at" TIMESTAMPTZ,
    "invited_by_id" BIGINT REFERENCES "users" ("id") ON DELETE SET NULL,
    "organization_id" BIGINT NOT NULL REFERENCES "organizations" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_invitations_organiz_67f1e0" ON "invitations" ("organization_id");
COMMENT ON COLUMN "invitations"."role" IS 'ADMIN: ADMIN\nEDITOR: EDITOR\nREVIEWER: REVIEWER';
CREATE TABLE IF NOT EXISTS "memberships" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "role" VARCHAR(16) NOT NULL,
    "organization_id" BIGINT NOT NULL REFERENCES "organizations" ("id") ON DELETE CASCADE,
    "user_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_memberships_organiz_5e1ecd" UNIQUE ("organization_id", "user_id")
);
CREATE INDEX IF NOT EXISTS "idx_memberships_organiz_e7107d" ON "memberships" ("organization_id");
CREATE INDEX IF NOT EXISTS "idx_memberships_user_id_6b1e99" ON "memberships" ("user_id");
COMMENT ON COLUMN "memberships"."role" IS 'ADMIN: ADMIN\nEDITOR: EDITOR\nREVIEWER: REVIEWER';
CREATE TABLE IF NOT EXISTS "audit_events" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "action" VARCHAR(32) NOT NULL,
    "target_type" VARCHAR(32) NOT NULL,
    "target_id" BIGINT,
    "data" JSONB NOT NULL,
    "ip" VARCHAR(64) NOT NULL,
    "request_id" VARCHAR(64) NOT NULL,
    "actor_id" BIGINT REFERENCES "users" ("id") ON DELETE SET NULL,
    "organization_id" BIGINT REFERENCES "organizations" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_audit_event_organiz_ce5803" ON "audit_events" ("organization_id", "id");
COMMENT ON COLUMN "audit_events"."action" IS 'SIGN_IN: SIGN_IN\nSIGN_IN_FAILED: SIGN_IN_FAILED\nACCOUNT_LOCKED: ACCOUNT_LOCKED\nORGANIZATION_CREATED: ORGANIZATION_CREATED\nORGANIZATION_UPDATED: ORGANIZATION_UPDATED\nMEMBER_INVITED: MEMBER_INVITED\nMEMBER_JOINED: MEMBER_JOINED\nROLE_CHANGED: ROLE_CHANGED\nMEMBER_REMOVED: MEMBER_REMOVED\nMEMBER_LEFT: MEMBER_LEFT\nSTAFF_ACCESS: STAFF_ACCESS';
CREATE TABLE IF NOT EXISTS "outbox_messages" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "to" VARCHAR(320) NOT NULL,
    "subject" VARCHAR(300) NOT NULL,
    "body" TEXT NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "attempts" INT NOT NULL,
    "last_error" TEXT NOT NULL,
    "sent_at" TIMESTAMPTZ
);
COMMENT ON COLUMN "outbox_messages"."status" IS 'PENDING: PENDING\nHELD: HELD\nSENT: SENT\nFAILED: FAILED';
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztXWtz4jgW/Ssuf+qpynQl5NWbnZoqAk7a04C7gKRnu+lyGRDgjZEZS+Qxs/nvK/mBXz"
    "KxHR620ZeAJV3bOUevc3Ul/hHn5hgY6GN9iWc9gJBuQvFK+EeE2hyQL6zsI0HUFgs/kyZg"
    "bWjY5TVSUEVOSTtHGyJsaSNMMieagQBJGgM0svQFdp4lKhAISJ/CX3X4b0EzDMECEwugmY"
    "DNBwCRYJlYw2AsTCxzLuhYmJgW/UTkfnPdePlInzI2R+QxOpxu6oZLqP+1BCo2pwDPgEVu"
    "++MnSdbhGDwD5F0uHtSJDoxxCDJ9TG9gp6v4ZWGnXetTGeIbuyx93aE6Mo3lHPrlFy94Zs"
    "KVgQ4xTZ0CCCz6siQNW0uKHlwahou2B6jzsn4R5y0DNmMw0ZYG5YBaOy/gp4mq2lH6ak/q"
    "q6oY48ezCCDsJo0IxYRb8qrIBmBKX+HXf9Vqp6eXtePTi0/nZ5eX55+OP5Gy9vvGsy5fnZ"
    "fx0XJuZWMm38qdPn0hk1Qgp3rRhFfbRsOaY2WT4aM/sgDFS9VwnIUmycH6HLB5CFtG+Bi7"
    "ph+9L1F2PC7W0eMl+Pz4TWIXBJF/cKxA48WtGGuw78ttqdevt7/Sx80R+suw8av3JZpTs1"
    "NfIqkfLn4Jk7W6ifBN7n8W6KXwXelINrwmwlPLfqJfrv9dpO9E+hBTheaTqo0DddhL9VAj"
    "JX3Wl4txTtbDlpz1orDuYRSg3X17n3ULPJIePQ/rYcsNsO5W0qKQXl6S423b44rUY+RMP8"
    "JMN2aatZ5l3zLCNIGsfNyKc+1ZNQCc4hm5vDhbw/V9vdv4XO9+uDiL8Ndxc2p21mu4L0XA"
    "UjWCCaNVJWMdtsqFc66eUxR3AvPZ8XEKnEmpRKDtvDDS+iILwk7pyiG7pQqcdRYeMHp7Kp"
    "4P4mpOxqkOmjww5+IU0zgLN6YFiDr7Al5sJmTy3hocAQbyrvi8c29TLgZevRrmpfrPt7Sn"
    "lW4MVjzyr5N/GGCnI6j3GvWmJNoAD7XRw5NmjdUEpF2FqzoKl1HzXfubL11gaFhnjoYu3F"
    "3nXn16qxLOd5Nwt3E0a2YAvxCy8ax5bR5N0SAZ4sbus+mTXMykuaYbDmIM70kg92id8wTQ"
    "cgEO3/SdJIPC/RcF7jKPuP/igJQs918cIutp/BeLpUXuCNgiQILLeWyCFKI+YL47VZCdaf"
    "Fe6so3/1Gldl1uXQnBqwHsStTqa73X+6Z0m1dC+Drq2k+jJ05rKfTEaS1RT9CssJ6wB2R1"
    "pqFZFrkWttoMQfsdH7cs2+zZTxaEVwZFrv054T2tpfE3kFJr6nHM3wCeFzrpvXKMMmHLCo"
    "4y5R1VGJMJlG8mgbhDvCz8cv8W929V37+1TY9NyMvF8NlEvWDJXpu47437barZFRxxv80B"
    "KXjutzlE1tP4bbhDYDcOAS5XD0TOcLlaYX7daPDMijVsx0XrhkQr8sP436lbI5sCysVFWv"
    "karoVFUrC224ChXD13QrJipZKcC9UKN/8jLlQPSLJwoXqIrKcRqvteUi2QPN3Kgqr9mQFe"
    "r3wFF6xrqQLka2sC5GvxAPmFhtCTSSZKWX0tMcMqIn5+ngbx8/NkxGleZEsCUsm0fzJhzN"
    "BM0wAaTJiiBcwiUA+J3bawXqXsVoJfK0orNAJcy5FpWOeufS11P5zY0JNCOg7NzkJ4k/m3"
    "/sjoRt4C3LfbIeJeB15awJ0Y60dg6eRBeeZDzBtwD1RxZkHxye+EMEaoMsypDgmTS9bOtk"
    "T1yTbeljsqzvHxtgYTR43WTs4uzz6dXpytROgqZZ32jDcswxzRvZYEH9aUc32bitry5lTk"
    "5mRoCLvtIXv3GTPmXBea61x9Ju8s3+gssYkXKgIjC2AVwJH1sqA4xADug+cEhBNvUIUd7u"
    "sakPRnP9R2PDXzoV3/85dQ+2kpnVuveGCi2Ggp1yw2AKRg5JkRMsx5p1bkTs0mzB6IEAaM"
    "PfjrFiPitrl6t4Kxu8eVyTTbm4MHiuXf2Lzx9cp9NMD4vua4ut3ELvDwnuUqYoUAxKoOH3"
    "VsQ/FOvOTVjcrX+lPBNQfzIbDQTF+8E6n26kZVrVnacqyTadkjoEbv7LLInaRHUMYxZS8H"
    "MQSaISM0ItxIkwMkIr0CD5PgYRI8TKLsC+Y8TOIQWS9DmMS+md1+oIRlGrmPufBsi4y1WG"
    "+25c6VYH8MoNSU+0r3SnA+6SkX97L0TerS8y2cb2IOZk4uUhBzEm1HPi80i59swTeyFKnv"
    "Ke8oEp88aKMRWOSbPURMufu4yDzzY6cPgWXbB0C4Gr5k3rkUM+VLBNlkuc+CaU01qP9t+2"
    "Iy88Aw5tvINrSNLIhtnJXMe8mUyO3KxUjazWSMCsneUcbuiDaAc8qzZgrW96TFN9bxhtAl"
    "byF07lqtfW3YCyx8MHzT4WWRZN90ZB1ms77pH7F2bZ9x9JP7rIvSJR9xn/UBeS+5z/oQWU"
    "/js+Ye1UJ6VLle2e/gyE/J5EqxyIxsVSny80jLex5pqFoz5GG02icLxGDV4eFLFe5zj7gU"
    "PCBRwKXgIbKeRgryU0i2ewoJrfF/mzATxkGbHf5k512/Ie4E6M0HyTyBIaKnNmQAOWBSuZ"
    "9FPU9Vk8/X1OTzeE0eWhocq4+mPmLgnLzZNGJWAax3scM01063/exHKlqnzjck8Q1JFdmQ"
    "FACMoerDcCZr+iiBW5X0P1jeJ/L3J9f6XOuXq3csqepLo/Xp8W8sh3q6JUDfusgqUOzJtx"
    "2VLgO6XwbQ/aLe1OWW1FxluNcDWG80lLtOX20pjS80P3w9gEr3tt6Rv9f7stJRG12JMElK"
    "sVIjZe++Nhll3dQBbEv0ADryJveyXSp8vcr/Q5E7gWzncgC7SktSySSzc0szg1cry67UVu"
    "4Dpu71Kr8l3fRXmfSCYNWv39yoBAGp1yNIBa7yLJZu4YdVNYsMQk7VY9bjBG0dNquAHNkR"
    "0FmH6ZAZj2HOuxJNB+448H/0lA4bdq98dDzWR1j4n2DoaGvHZ4m/TZbQHhmE4VI3sA7RR/"
    "rY3/egwyk+63V4VHJHxlh6g+hJTzrjtJ/kjkZnne9T/v5l8747C5B/ErE7mGR4w1Yc5jdh"
    "JpM2M3tMS9CKd+Kl3ohysEwUNryoYIxsNbzI7kg2AHG196AEu9tCbT9RlnhoPrcBQprdbu"
    "MhRqECR2tjjOyi6twpy6OMuOcxxgL3PFbV88ijjKrGepooI2xm8tGZRfct53bObeF4JLQc"
    "/heMGM0pGeCASRVRThX9crom+uWUEf1ijhlbqNeEvbjlK4HvLiJegmA/kP8zS332ylcC7G"
    "3784nCwktGJEe6tT/feoc+t69Spyl3bjO63jyzK8H9MoCfpVbzSqB/B7AndfpXAv07gN6C"
    "oPOZZ4Fr87sBNYzBfMGKuUn21gVM+O9mxH5kiB68DyyL5YdI7sjDVhVwNO+6M7ePSs8+3Q"
    "+Y8bOuijO1dxRdhvDUrcbHAUsfzURWbJyTc7Q2Ls4vUxj306H4nt7ZqSd7lR6BhRJDm9jQ"
    "BkwqOIHcyi+90kaVAWG3eAXRPUmlNU/WaM2TuNYkT8SA9ZtpyWEfAZPdR37sZ6DcWIzHXg"
    "ez1/8De9HTDg=="
)

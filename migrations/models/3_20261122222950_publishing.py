from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "oauth_states" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "state_hash" VARCHAR(64) NOT NULL UNIQUE,
    "organization_id" BIGINT NOT NULL,
    "user_id" BIGINT NOT NULL,
    "platform" VARCHAR(16) NOT NULL,
    "redirect_uri" VARCHAR(2000) NOT NULL,
    "instance_url" VARCHAR(2000) NOT NULL,
    "code_verifier_encrypted" TEXT NOT NULL,
    "keep_encrypted" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "used_at" TIMESTAMPTZ
);
COMMENT ON COLUMN "oauth_states"."platform" IS 'X: X\nLINKEDIN: LINKEDIN\nFACEBOOK: FACEBOOK\nINSTAGRAM: INSTAGRAM\nTHREADS: THREADS\nBLUESKY: BLUESKY\nMASTODON: MASTODON\nWEBHOOK: WEBHOOK';
COMMENT ON TABLE "oauth_states" IS 'A started connection: bound to organization and user, single-use, short-lived.';
        CREATE TABLE IF NOT EXISTS "notifications" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "organization_id" BIGINT NOT NULL,
    "user_id" BIGINT,
    "kind" VARCHAR(48) NOT NULL,
    "message" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "read_at" TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS "idx_notificatio_organiz_683d42" ON "notifications" ("organization_id", "id");
        CREATE TABLE IF NOT EXISTS "occurrences" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "organization_id" BIGINT NOT NULL,
    "schedule_id" BIGINT NOT NULL,
    "connection_id" BIGINT NOT NULL,
    "version_id" BIGINT NOT NULL,
    "channel" VARCHAR(16) NOT NULL,
    "due_at" TIMESTAMPTZ NOT NULL,
    "status" VARCHAR(12) NOT NULL,
    "attempts" INT NOT NULL,
    "max_retries" INT NOT NULL,
    "next_attempt_at" TIMESTAMPTZ,
    "lease_until" TIMESTAMPTZ,
    "idempotency_key" VARCHAR(64) NOT NULL,
    "last_error" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ,
    "finished_at" TIMESTAMPTZ,
    CONSTRAINT "uid_occurrences_schedul_057c96" UNIQUE ("schedule_id", "due_at")
);
CREATE INDEX IF NOT EXISTS "idx_occurrences_status_932ddf" ON "occurrences" ("status", "due_at");
CREATE INDEX IF NOT EXISTS "idx_occurrences_organiz_77be57" ON "occurrences" ("organization_id", "due_at");
COMMENT ON COLUMN "occurrences"."channel" IS 'X: X\nLINKEDIN: LINKEDIN\nFACEBOOK: FACEBOOK\nINSTAGRAM: INSTAGRAM\nTHREADS: THREADS\nBLUESKY: BLUESKY\nMASTODON: MASTODON\nWEBHOOK: WEBHOOK';
COMMENT ON COLUMN "occurrences"."status" IS 'SCHEDULED: SCHEDULED\nPUBLISHING: PUBLISHING\nPUBLISHED: PUBLISHED\nFAILED: FAILED\nCANCELLED: CANCELLED';
COMMENT ON TABLE "occurrences" IS 'One due publication. Unique on (schedule, time): it can exist, and publish, once.';
        CREATE TABLE IF NOT EXISTS "published_posts" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "organization_id" BIGINT NOT NULL,
    "occurrence_id" BIGINT NOT NULL UNIQUE,
    "schedule_id" BIGINT NOT NULL,
    "connection_id" BIGINT NOT NULL,
    "version_id" BIGINT NOT NULL,
    "request_id" BIGINT NOT NULL,
    "channel" VARCHAR(16) NOT NULL,
    "platform_post_id" VARCHAR(300) NOT NULL,
    "url" VARCHAR(2000) NOT NULL,
    "published_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_published_p_organiz_eb1ff4" ON "published_posts" ("organization_id", "id");
COMMENT ON COLUMN "published_posts"."channel" IS 'X: X\nLINKEDIN: LINKEDIN\nFACEBOOK: FACEBOOK\nINSTAGRAM: INSTAGRAM\nTHREADS: THREADS\nBLUESKY: BLUESKY\nMASTODON: MASTODON\nWEBHOOK: WEBHOOK';
        CREATE TABLE IF NOT EXISTS "schedules" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "organization_id" BIGINT NOT NULL,
    "request_id" BIGINT NOT NULL,
    "version_id" BIGINT NOT NULL,
    "connection_id" BIGINT NOT NULL,
    "channel" VARCHAR(16) NOT NULL,
    "first_at" TIMESTAMPTZ NOT NULL,
    "timezone" VARCHAR(64) NOT NULL,
    "frequency" VARCHAR(8) NOT NULL,
    "interval" INT NOT NULL,
    "by_weekday" JSONB NOT NULL,
    "cron" VARCHAR(120) NOT NULL,
    "ends_at" TIMESTAMPTZ,
    "count" INT,
    "status" VARCHAR(12) NOT NULL,
    "status_reason" TEXT NOT NULL,
    "max_retries" INT NOT NULL,
    "next_at" TIMESTAMPTZ,
    "materialized" INT NOT NULL,
    "created_by_id" BIGINT
);
CREATE INDEX IF NOT EXISTS "idx_schedules_request_7700cc" ON "schedules" ("request_id");
CREATE INDEX IF NOT EXISTS "idx_schedules_connect_39d8cc" ON "schedules" ("connection_id");
CREATE INDEX IF NOT EXISTS "idx_schedules_organiz_6f5c1d" ON "schedules" ("organization_id", "id");
CREATE INDEX IF NOT EXISTS "idx_schedules_status_213185" ON "schedules" ("status", "next_at");
COMMENT ON COLUMN "schedules"."channel" IS 'X: X\nLINKEDIN: LINKEDIN\nFACEBOOK: FACEBOOK\nINSTAGRAM: INSTAGRAM\nTHREADS: THREADS\nBLUESKY: BLUESKY\nMASTODON: MASTODON\nWEBHOOK: WEBHOOK';
COMMENT ON COLUMN "schedules"."frequency" IS 'ONCE: ONCE\nDAILY: DAILY\nWEEKLY: WEEKLY\nMONTHLY: MONTHLY\nCRON: CRON';
COMMENT ON COLUMN "schedules"."status" IS 'ACTIVE: ACTIVE\nPAUSED: PAUSED\nCANCELLED: CANCELLED\nCOMPLETED: COMPLETED';
        CREATE TABLE IF NOT EXISTS "platform_connections" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "platform" VARCHAR(16) NOT NULL,
    "account_id" VARCHAR(200) NOT NULL,
    "account_name" VARCHAR(300) NOT NULL,
    "avatar_url" VARCHAR(2000) NOT NULL,
    "instance_url" VARCHAR(2000) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "access_token_encrypted" TEXT NOT NULL,
    "refresh_token_encrypted" TEXT NOT NULL,
    "secret_encrypted" TEXT NOT NULL,
    "keep_encrypted" TEXT NOT NULL,
    "token_expires_at" TIMESTAMPTZ,
    "scopes" JSONB NOT NULL,
    "limits" JSONB NOT NULL,
    "last_refreshed_at" TIMESTAMPTZ,
    "last_error" TEXT NOT NULL,
    "reauth_notified_at" TIMESTAMPTZ,
    "created_by_id" BIGINT,
    "organization_id" BIGINT NOT NULL REFERENCES "organizations" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_platform_co_organiz_7270e7" ON "platform_connections" ("organization_id", "id");
CREATE INDEX IF NOT EXISTS "idx_platform_co_status_874e07" ON "platform_connections" ("status", "token_expires_at");
COMMENT ON COLUMN "platform_connections"."platform" IS 'X: X\nLINKEDIN: LINKEDIN\nFACEBOOK: FACEBOOK\nINSTAGRAM: INSTAGRAM\nTHREADS: THREADS\nBLUESKY: BLUESKY\nMASTODON: MASTODON\nWEBHOOK: WEBHOOK';
COMMENT ON COLUMN "platform_connections"."status" IS 'ACTIVE: ACTIVE\nINACTIVE: INACTIVE\nNEEDS_REAUTH: NEEDS_REAUTH\nDISCONNECTED: DISCONNECTED';-- One row per account per organization, even when two connects race.
CREATE UNIQUE INDEX IF NOT EXISTS "uq_platform_connections_account"
    ON "platform_connections" ("organization_id", "platform", "account_id");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "uq_platform_connections_account";
        DROP TABLE IF EXISTS "occurrences";
        DROP TABLE IF EXISTS "notifications";
        DROP TABLE IF EXISTS "schedules";
        DROP TABLE IF EXISTS "published_posts";
        DROP TABLE IF EXISTS "oauth_states";
        DROP TABLE IF EXISTS "platform_connections";"""


MODELS_STATE = (
    "eJztXe1z4jjS/1dUfHlmq9ipmbzMzMNdXRUBZ8IOgRyQmb1btnwOKMFPjMzZJjPZu/3fH8"
    "nvL7JjOwZk01/A2GoB3VKr+6fu1n9aa32JNfNtd2utptg0VZ20Oug/LaKsMb3gPW6jlrLZ"
    "BA/ZDUu50+z2Cm0om05L+4lyZ1qGsrDow3tFMzG9tcTmwlA3lvNdrTHByFQfyM8q+QtSNA"
    "0Z+N7A5gpZ+iMmJjJ0S7HwEt0b+hqpFrrXDfZu0v7Wqvb8ln3LUl/Qr1HJQ1Udbon67y2W"
    "Lf0BWyts0G5/+53eVskS/8Cm93HzKN+rWFtGWKYuWQf2fdl63tj3LtSHAbEu7bbs597JC1"
    "3brknQfvNsrXTiE6jEYncfMMEG+7H0nmVsGffIVtNcbnsMdX5s0MT5lSGaJb5XthqTAaN2"
    "fkBwryXLo/FMnkozWW4l5ONRhDjs3lpQEVPZ0p9q2gx4YD/h5/89OTk9/Xjy7vTDp/Ozjx"
    "/PP737RNvavzf56OOfzo8JuOV0ZfNs8HkwmrEfpNMB5AwvduNPm0axFIfKFkbA/YWBGb9k"
    "xUpKoU+fWOoa8+UQpYzJY+mSvvUu4tLxZJElHu9GIJ9gSuxDQPQPLsdEe3YHRgbvZ4NraT"
    "rrXt+wr1ub5r81m3/dmcSenNh3n2N333z4KSosvxP0bTC7Quwj+ud4JNns1U3rwbC/MWg3"
    "+2eL/SaqQ3SZ6N9lZRkaw95dj2u0ZSD17WZZUupRSpC6KFL3eBQSu/vrA6kb+Ilq9DJSj1"
    "JWIHV3kIoi9PoKOTm3PVnRcWw65kdU0r2VYmRLOaCMSZqyrH6yba2VH7KGyYO1oh8/nGXI"
    "+mt30rvqTt58OIvJb+Q+ObEf/RnVpSY2ZIXyhDOr0nkdpSrF51Kas9XaC5vP3r3LwWfaKp"
    "XR9rMop9VNEQ47rRvH2R0N4KJWeIjoZVO8HIubaYwzP+j+kWuLM54mpXCpG5h6Z1/wsy2J"
    "Af3dCllgDudd5/PW7aZeEvjTG2He3eD7DeW77zeGBx796/QPY8tRBN1pr9uXWjaD75TF43"
    "fFWMopnHY9XNnxcDkj36W//DLBmmKp3NXQZffE6WvGuqqhvZvGd5uP+oke4l+Es8lH65N1"
    "/I5C6BK3dL+bfZPLM2mtqJrDMQ56EnrazgJPMGsXkuGL2Ek6UwC/EFhltgG/OCJPFvCLY5"
    "R6HvxiszVoj5jvBEhku04YSBHRh8j35xUUl3TrqzQZXP5Dlq67g2EHhT/NyURiVDfd6fTb"
    "eNLvoOjnOLSfx584PcnhT5yepPoT7FHUn7AXZHmlmKsi7lqUqhoBHXZ93LHbZls/RTjsE4"
    "g8+kuy9/QkD95AW2WM4wTegH9sVKq9SqwyUcoGrjL1XVU4xoRZzpIwARCvi3wB3wJ8q/n4"
    "1i4RmwjKxcFs4ihYOmqTxN4At2mmKmgDbnNEHjzgNsco9Ty4DQAC+wEEwF09EncG3NUGy9"
    "eNBi/ssUbpwGmtyGk1gzD+V/qtsaSAeskir/saHYUiebA2bMDxXD04Id1jZS45OKoNnv5t"
    "cFSPyGUBR/UYpZ7HUT30lqpA7ulONlTt9wLs9do3cMP6JFeA/ElGgPxJMkB+o5jmd50aSk"
    "WxlgRhEzl+fp6H4+fn6Rxnz2IpCaZMzf77e46FpusaVkiKiRYii7H6jtLtitf+nf264Bfj"
    "8TCyAlwMYmbY6Pb6Qpq8eW+znjZSrYh1FuE3tb/VJ44aeYnhAd0eOe4p8Noy3ImxfsKGSr"
    "+ojD3E7QAQKHGsoKTxe08lRkWl6Q8qoZLc8jLbUr1PPvGu4KikjN/tajFxvNGT92cfzz6d"
    "fjjznVD/TpbvmZxYmr5guZaUPzyTM3tOxWlhOok8nTTFtNz5UFx9JohB1kLLupTOBGX5gr"
    "K0dGsjm3hhYEvGZGE8bxgfEgye4R8pHE7toAkZ7lkTSPp1Fpk7njfz5rr760+R+TMcjz57"
    "zUOGYm84vuBJAxPGjDIWIYcclJrISs0WmL0QmRbm5OBnbUYkaUtpN8Gke8CdyTzpzeGCYu"
    "UTmyvfrzzEBEzmNSe92yqywKM5y03klYmJJavkSbVsVrySXwO/o/rN/lzsWuP1HTbMlbp5"
    "Jaeu/Y6aOrKU7VKlZtkTZkSvVFm0J+kJ13FNycWqO0PF969k0gXro6H8oU8tpqcMTH+z+d"
    "rh1HN6mzidNYhlu4yzCWl2TrRNVO+nx9zEFhqIvIHIG4i8qXsMBkTeHKPU6xB5c2jJ7j72"
    "xtC10pVTPFqRed3q9q8How6y3+ZE6g9m40kHOe+scMrXgfRNmrCSKc5Vq4Rk3n/IIZj38X"
    "kUyIU9gmIpkBslku6p7yqSNB6UxQJvylkPMVLYkRBZzlDJ/BikbGMAVFZ3z4WT4RKksOtU"
    "zC0PpKAbDwpR/7CxmMJy4BBDZmJFmYlh3ialUjg9cRzrrl4SyZufyBmQ/CRFviKqgM85yx"
    "cJpnvy8jeheCPcpb8CjW6Hw0PlgIb20jjYdHSnLR2bjm3tVYtN/5aY13bZrN8BsxZFJbcB"
    "sz4i9BIw62OUeh7MGhBVIRFV8FcOuzhC4VXwFEWWyE49RShxW98St5FhzXEP48M+3UEMDx"
    "0IX2qwzm2DK3hETgG4gsco9TyuIBS22W1hGzbi/9BJIR6HafZ4CuztrNfaC6OrD5L5ju9M"
    "VgikAJNDJI07afc810g+zxjJ58mRfGcoZCk/6eqCw+f0/OUYWQN4ve+k5XvduFOXsom1e5"
    "la7ob+pHACTjOLCKV1ARWcXigoVCqJ9TCphqItrpBrWC2rINcwN6v2mWtYy7F04GTDWvLs"
    "kXpQGl4+YKrzNfxKln3xOrtUtTp6xLk4tqFcoJbHmjUjeFHBgnjj9tjzO2wS73YJEYd0Pg"
    "cgjq4I6fBwfA3aKTr8G28jg77+DrAxwMb1mvI1BRDzwMaKr4bLRJME1CIDiq3p4PNIZhEl"
    "7sWcuBfyZXcwlPr+A/fznHR7vfHtaCYPx70v7Hn085yMJ5+7o8E/u7PBeCT3JhKVJG3Fux"
    "tre3vT57R1787JtcS8WfpLvg7sVtHP/vNfxoNR6LHzcU4m46Ek9666o8/sYfiTTzmRrsdf"
    "Q6TuZ//5ULqc+Q/ZB8qrWffyUqYckKZTyqnQp1a+2bPrY98Vgy5CztDjjuMUmDZK1gBka0"
    "+MLrpMR8ggHaZsUBNbuJOM/2U6HvHZ7rWPr8fqwkL/RZq6O1ev9df7LbFXBnS3VTVLJeZb"
    "9rV/OwCky/iTDenG0dvYGss6iEO6KqcWYbqiUXnVB+uvX6rfBnLhDK6CSWdvlArY/CKbqd"
    "GmFw+PDFOBEq91TuPRSkLYSFXBJLLTSFVbkVTA4manM4bVrVCZjOOtdaf/uMamqdjzNhmt"
    "GmnQzgxXtZvKa6ctBKwC8piQAiCPTUUeIWC1aVLPE7Bq6YUwOl10bLk0OLeDSnvm9u7/8I"
    "IzndIZHCJpIpdzBVKeZgRSnnICKfUlpxpHRgSl274R/N138OQj/Z9FxrPXvhHM3jWeTz0s"
    "a8sJ6ci39xdQ7xFzu5FG/cHoc0HozSPrIPdiTq6kYb+D2OucTKXRrIPY65x4G4LOe5kNru"
    "oTyxXLwusNL8wrHa0LkcCpXokjENmxQNgweDhEuiKPUjUAaN63MrcPcilu7ofIoGyiOKa9"
    "49EViLDfJSrlhPty0Cg/DjgdhQrCjSEeDlApQKUai08AKnWMUs+FSqlWWkmttBxfS/w6Wi"
    "UdzZ0kUus2zqQ+FUo+jRCBwV0cPcHPkc21vKFjcToxQsjY9zUmhIylYmBSLBc7TAOzocTp"
    "0QXrOOy/hsOuWL0HBb9YKYS4rlVePROmAR1TuY5ZKBo7Y1jOyvFIEUyCsnGTYCd7Q5pKHo"
    "vw2WvfOO5SBZFTx2QqmQSDl1tcwjULqABAFMcLSzrfNdyQ6vZmg69SwUnlUrG0MvY+J2zI"
    "D+y0LO+qVWLSVb/z5CFZJQ7CSZBCqHKtg8aFwywgalw0kew0bDzQJxUwutmx4wnVWziAHE"
    "rNiFT8o6ev1ymVP7xH7awNzoXTCOLrYSczIQXYyazjnhbsZB6j1PPsZNbFV2iqFg6VT1MM"
    "ZjgVlUGEDHzmstync2RVJss9TAbcL8t9yJHY474mXqrl1vkIISDj4qzqSWPOcd/LCDlKCV"
    "IWWcq0K117KiXmGCnIuRZyLrGvkqQFM6WsmfKEDbOMnxSlAxepot0Ul60V4Psuzvw16LBe"
    "4siL9EcHokhnGroSkKiJ2eLi1sHjdjZ27ew/MFsVAOwG64U2ANhHBGUCgH2MUm8SgH0E5j"
    "Fbc0tgqBEycE5K7x8Y+EnVt6Zs4R8cDZgOpiYIAVUtgaoS/L0w58M0wPQSTPeH7koxV5by"
    "UCibhEsMaSXZQiqRVsJGeRn5xOlANJWLhpqFJg9ASVdZAUUDclD2ra6owsGGZdrgRAkgN0"
    "EMxhIgufXhPyC5x4TkejHb6WBuKKr7ZTw3HE8OZZcA6wWst7GoH2C9xyj1PFhvDfN9/34r"
    "3brZuQXyfR2qDnLe5+SzNJIm3Zldkja4Du6Pg5MpE7fmpD/pXtqnQ7oXczIYyRPp60D61k"
    "H+5Zx0b24mzmGP3tWcTKRfpJ5N7F3NybR3JfVvnXMwvcs5ubm9GA6mV+yuf9nKN2KjpQDy"
    "HGB1kn6A1UniAKsnxVAV+l3yBhuyW0MkOYjSbf4U8v3tFLzf7QpeWZ1clfW+TTv5Ox1UiN"
    "MBtFAcCcVkSX+PXKasDo8WwLbKwTaPzWVnSRo9zJbCs8VlDnPwTPzvAmtBkhCqpcdXgXtF"
    "1bYGlouDy0lKGNvFq6Zv79aqVbIKC4cYQOayIHPAzBJF7GO0EKAvjl/KS7dZqMtyMy5BCv"
    "Ot7HzzWFkm6SlMCXNN5LlmYLvIMxVQmd3rJC2YGIVNDPsEjMKaLkwFO6dllRyU2BNBChB1"
    "LGooAZTY21uJvTvvrKRX8tg/c6le+j8vb8PrHtQtFLRuIf0iYqopmGyJkoUzv78GaQ1eCF"
    "017Ko0XksMXu0hxio0yNLDrKIj8eVIq9hMeDHYqvVtpaO1/oSXSEFumBa6N/Q10glGzqY7"
    "snSkEJ2FXLXR9xUmbfpxSa+e37ZiXK6gO8jbFdh0ayOI5TqeqB6I5TpGqeeJ5WIqXX5dQF"
    "esi1JA3n5MXwjoqjSgi46q142cSAciZ17CwKl04FA7tkyRzwXkp78eMoVcwz3nGtquU4k0"
    "wzAd7NNUBEsbQbJTNRlulZ6JISJsGh2IAma4eZhVOvQSQrVexl3CeBoULWumgmgD+HFEbj"
    "CAH8co9TzgR13CB5qqhRPHUJcFEtLTwcSCEX7toF/nZDgYfZH6g1EHeVdzctntSRfj8ZcO"
    "8q4YKEDH9+dJ95qBAu7lnMyuJlK3P+0g92JOLoa30vTLPzrIvZiT6+50Nu6P6Td4V3PyTb"
    "q4sr/AvSgDBVR/VGnRWl1Qp+sVzmiZ8k9Q+mmn2Wjm9uGBulfUgFDX1M2RN4a+3hSaEek9"
    "AFxTPGtH3xrO+lIqtd2nFlk9tbqDDuoO5uTq9rpLlwj7rcxq8CnHYvApdS34FF8KVFM2sY"
    "YXjD9JS0zXNayQFA84Shlj/h0l3RX3/Tv7HfvUPhhGxv7FID64b68vJLoW2+ynjVQrxfJ6"
    "UnUnOKjQqhClgnWh8nUBUmN3mBoLwfsi+HywNQJbI0KKYz9bI+HD2oODvl8TwuufKS6GnV"
    "ltnLN/ksyrg5y902uayCXHA6k0GHzqOzVNZJjjMwdG0ytZN2DdffZ7ayrX1nQ2Kq/j1DXr"
    "omtZymLVNLW1y03vYGwN9YcWZ8872qCdteUdchU0/QF2vBts97Vhx/uI9j5hx/sYpQ473u"
    "JrYUA/ROE/RBwcacSBbQjzxc6fcT6ByILOP9ui7H33Lg9/371LZzB7FkvvsCzM3cROT+0I"
    "KKCcc/JEQbahTx2rR8yDJ1KZmqCDjaDEIkA5pGHbninMXi4tsDjOYo3+b7J4ltdFeBslAq"
    "Ym6l5tLTr8UuJUUoz3gKSB69jpSY5l7PQkdRVjj2Kn6BqGbiQZnB6H5RNA2FWusKvEVuRh"
    "sohuTXq/p2+JZWOWCTw18rydBaduWUs6IOymOYu23GADhd3qNtrQO2udWCv3ElNJLf6CVL"
    "IwMAPK8RJ9V60VUgjabkxsWMnSLVV1ykF0ucdy0S5V3b5yOnYO6QLgVwyXF4Df44EAAfg9"
    "Rqk3Cfg9gri3YLnMa7sHFA003bMY6pmWH1MN948JeM8xQQpwN6BoIHfP8gTpn6VH6Z8lwv"
    "SfFG3L8Twzj2v2SBrjyR8iVFOEKgtuMNiLtRaCoLHcFRfkUOzay45TF20UkzlcSEH++EFu"
    "V+i7YqIH9cmuSGki1bJvUB+GdNgrWqy25NGuVXmvahitlWd0hxNuVPVfMSdOhOgSMYDLaN"
    "st8Y8FNjZW0NZSLc0usfmMTN2uvvmk4u/UbVtQ98y0VE2jveMF7R0tNEVdQ7FN0acyOGHH"
    "ZI7nccLAHBfGHDcU8lhga8Jr3iSOV7YvYS50g2MbXmq6kpa97FHE+HnPSGrI0Qx29ce3F0"
    "MJ3Uyk3mA6cHMGfaVkP2S3gmTNidQdxnclHGOh0L5EQNII/2bfKeHMJpNtm6yIUxmlagTj"
    "YztuuSJHTjMiR06TkSO21Vw8JzNEBemYZddBe8QWZX2ICDhflvOeA1yU+VE6CAWtKBH2KS"
    "gXWU0ibKWnqoiYCBsdiDkOV2IKuwL+fqHulYaXD7jndVgvdZOXv+EFLuVwpbgmr5K7l25/"
    "zWRuaAkrfHDVLoHX2ODmQK7J4Z8Otj56bWV7MOVEWccEI53Obo12THntA6L6PVJssPJ/TM"
    "QqstngpWqZCK/v8HJJm75F3wx2cDZBOtGe0d0zwzoTEGvF/c/JxtAX2DRZX/+n37WRommR"
    "zpw/jxSLki3wX9Abdr+NNrpz1NJPSDWRM4DTI2C86eURQbiLOMt6G5BWQFpribQ2dT6G4h"
    "704Py7vCkMIRIAXDk8hfKpe0QC7TQPJ8C3wBiOUcEw5gxj36xL8vUrZsf+pEDbYbIYY0c6"
    "qeNKnMG2J5sTb87fJ3IVDgLdicY5IbCjA7neosnitb53sfJpatpB3XsoelUT0GOnNYmioz"
    "ULqPCGcx6cgo2N3dck4ia00NffwYkHJ75eSrfBTjzkrDRN6nlyVgoHXUC8RcF4i6KHgcBB"
    "IB5/ssGFEgXfmbljXxcY72GaBg75k/PzHEOetko/epg944VzMS5xGZ3juPNwByJz3QbBOo"
    "i9svpMky/98Te7PpNzNSdXs+thB7HXObnpX3YQfZmT/rj3awex1znpTb92EH2Jb9zlkV71"
    "lZu8hJF06aVYfjE6kYVWcqq8P8lVx+kko47TSWJ1MNU/MPWrLW496QyPJ0oH4FLpHRNzpZ"
    "ycfygy1AOKBg7yD3kOov+QfhD9h8RB9KZF2z3QwaosHjFJycnNce5TshuR2d8ajntdqvnt"
    "tzmZnnbQ9LSMiq/4ACiPjY+Yg+VljPkomcicLznwz3PZ/ucZtv950vYPQmVkOqytLUfJ5x"
    "v93I72WATpRhr1B6PPBR0Bj4xaPc4FtYEm4540nTo3/WtqBY2vb4bSTOpTW8i7ZPUzB0N2"
    "y3kXw0K6V1Rta2DZwIrJ22hP3xhOUkIZq8IbxOGZUOjQriQhlMFMFuxlQbBFd99jVI0pQF"
    "BdBEm9ghrqwlY/NEEuXG+YQ9oAXbyHusOuFi21TxCnrWCnQMyt4RpuDPD2gzRdWZY7wTFJ"
    "C5lrZQGKugTXNlQUGYFIYeYmxVI4IGkc665mIskbj8QZkhCXtLdT5YLMpPLsKpwSWJehut"
    "MIrvixhZwYLs7JhulRXNxTFfOlm/3Lk5f9hf9C7nk3HUTftnjZRsaWsHQvxUnwwmRpOrWL"
    "7TMJkW7YFbMYiJEsjLyD/qHulsDrYxtBINnxhBRBINkxSj1PIFld3JSmauH4WUZFNiYCik"
    "Zs7O17S+J1W3sH2c/7+610626oFdjOc6g6yHmfk8ntaGTv5LkXO9zGy3P2zPv0s2c4+Vyw"
    "jXfIOVOHEwLrjNO7Llc5+JZDDPht2eXY9mkLiyBMBbwvy3uo+iYUYA5V33Zd9c1WGxXw95"
    "r107UsZbFiZ5fVT9/kZXBYzwpVmiwuAQ5czBFSOlzs/FHFb737tF8AZQGUrRdwUFN4DkDZ"
    "Y5Q6gLLia+FAEo9q+dQXj1ZkcLY1uO5+ljrIfpuTr4O+NO4g+60M3ldx1su9bqx5mi9nNq"
    "pPLbQEfrmRPncQe52TGzu/giGynweXHURf5uSbdHHTQex1Tq5vzjqIvtCr8Vd6NS6Vflqx"
    "lCD3dL+5p5AOv590eMjxhRxfkQZ59Tm+39Ul7TnB39SR7bdvELRdWVrLCqsPqyKJQgEBsD"
    "PJzuXWiY+U1xz1m8rTGBUwNslYRaMmV8HayGGaBmzk7j35Fcp7V3+eoh/uXyp6x6cW2VBo"
    "3d4Mx90+i8HxrqhnKI2kSdeO1fEvy3iB1cfm1COCrTFaBSq0QIUWMVX97iu0eHtaJaKkEq"
    "QNMhIhTqfxuxMQp7PnOJ08+ayxdL7yOZqcVMJ6KaKD5GiOu1trNbUUW3KJeJvQ03ZWqI2u"
    "0HZ2na6cxfVbXURbG1Q0iP5fgu0avB10p2/JElk6Cu/E2sf0bU1stBGrZaThn7esR3OlG9"
    "bPmvqEl8mczOq7h+gfgTU7o4Hon2OJA4Hon2OUep7oH3sFkleKydmayXIkw1TV+JGHVbw7"
    "3vyqS5DVEfiRzHApXqwqIALWl886ph4JC5Qqix6G6UUGr1q/dtCvczIcjL5I/cGog7wrlu"
    "baky7G4y8s0dW5mpPBiCrxz5PudQf5l3Myu5pI3f60g9yLObkY3krTL//oIPeCnSYwnY37"
    "Y/s0AefKDuG6sr/AvSgF11deEdfAS9WgXoW8NdQiK02cTmSxl40nepcLtGTN0iOK3iVhS9"
    "WdRpR1hbJo43QN2C3ZD8MX1M2Xn7Ch0l4NGZOF8bxhDErwPn2PKqOLRoz8fW9bPWK8KSeJ"
    "JGUD5sG+2Y9/bKj2Nkv4lFHKBvqU9fUhOdBBuVq/WyjzK658E1s/h0lxvXFN/p4PSrc4qD"
    "unVTsLffccCTnAug94xG0b/Raq8OOUdA/pPzgCF2Dymi1uNQVMASY/RqnngckBuTpa5EpZ"
    "2MercCHjdBAlSiWyyMuDKPkwlCwIJY3XRTMO43QNcNX3cOq08kRNG6MoPBilahynAY1tCM"
    "NrWHG125sNvkoF2e5SdZDzzhZl7453NScjSepPZboa386uOij8aU76g2lvPBpJPTvNI/xJ"
    "mAUYm6bs+sVlsNz0Hhowm/aN6Rr4ntrVq9fII6MLEEjx1By8MLBVThI8WhABbDPVi/0JyD"
    "QhgGxkhkcPOxLiwDFJFM5c6BteqZRfpuNRiqbzKeKSVRcW+i/SVHNngVytv95vib3LgO62"
    "qmZRm/4t+76/HWACMg5lT8D4XIuJj3UQn4CaulatQuIIKMQQB/va5ohDMS3ZNbJKQdXcDk"
    "AjiqwRbZFhw9CNIuZHlApMjxLekJ3IRXSLhWyVmWv8HmCyiTzZICNchHBySKoQNTkcTj0u"
    "kyBewanHuwzFGtkr1CL1ZNrI83ZW+BUJtTxg3BXEVUFcVb00SU0jbCCu6hilnieuCkw4Ya"
    "zpg+TFgh/TyTr3IWXPqAZnPZQMBjnLUyjvLL1S3lmiVN4amya1Z4uAYiGSRrB435gYs+yK"
    "7AV47WEnoPKdAGY5lMMkAYgUz3wSKjNrvFhsDQMz4IZXBy142s6sg+a3y1kGbUwwWm4x2m"
    "zvNBdCeItu7aGF6DR+Yy5WeLnVKCUbnT91kGqhhUIQ/kH1SNsuXWaTmqs2bb/AyUpoO/kG"
    "DkzxW8vrybWg6Jf6+V4R/CIIRvSasJQxjvkb7gGQDUA26mOj1NTHBWTjGKUOyEYN1HA4WC"
    "yyzOYXQ4wQRFBaBEGeffEN8zgpiKG0GMSuoX4EAlisFDqaUxLAXs5KCpGLjExBFnEiicn1"
    "zAoagAFVA42/+hp7nHj0+iUbTntXUv926Gb5FZjcPmEH+ZdzcnN7MRxMrwb2ocL+tX+ftf"
    "YvmRoY2B0473PS64560tC+5V+WmriVnzOlWBZeb3jB7amrZZhkf2vlu90ulJWdpcbkZWD6"
    "nbz8jVSexqj2x9bTmrCV4B+W7I68EisNhxyQf5FXHA0rJpa3xFI51uQL2R1RUpCzyHJWl3"
    "RK6hYmi+eix71xSEX2GkqGDFRfrB9SaQ6Tx+6cP1Ri8YpSgj4TWZ/dq0QtmZUYIwU5iyZn"
    "QSITbpzdd7y8of+pxSsXG2nQzqwU6zWVGYMgWQG29Fuwpd/ozV3Y0j9GqcOWfg3UcEgUft"
    "hgcUHESasRw9GshRBXIZAIIK5CCDFAXMWBBWBg+udNfpHuLAFE6UAAENgCgS3FAlv8o3SY"
    "sV2wSD6PVmTxl9yh2Enx9oJlxKF6eLHq4QHuV9zHj9M20Muvr1cvFFI9dR2hFgek9p+1s/"
    "Bpz5US5vgyN5AEAGsArOum1GoKXQJgfYxSB8C6Bmq4LgBFU5dBQOiEEUAdkOrmTwOA6Y4U"
    "prtXDbNMXkCYroHGX32NvaSNz0Twh04KHZwZphF5RgsTG35vG2RkkRKI/7IKjXSwRzh2PO"
    "oVPlmQ0XQQe52TfncwpKrPfmNKTvrCPjrvVBGOR7MrdsO9mJPehKlF9lpGAeYpA5heBTBR"
    "BJB+CTaeFM66l446hUj2Z/a93621UVm22d2z/B3jx6XCmQfphf6iVGKU+2vUOUwLg1dvP1"
    "39e+0bty30/iTPrhBtlZEJnNgTwmRZ5nS5EBmkLIhsQNlniBdYIvz2DSp9XNkKUcOKCNUc"
    "v3zTvZ3a1Q7sd35pA3p3fH0zlOwTl/3LUp5i5QUPHNbLBlZM3mKScZZsnLABq8q+cyChOM"
    "IuiyMUXblDZLByi7xyrynXDVXR1D8wB1vOmDdRMijWksCL4aA7UU5XO0yEUpdOkMWqxYlP"
    "cp+0s6KTlKDNLkOTCoUaHUuc0St1QHoEkbslWgRnCJE0EGU+OT/PE4J6fp4egcqexeqO0U"
    "lVgMNu8wZy932uAN/3GfG975PhvfQbLcxz9tPByxDJ/pHLw9iBlWGUB13M/vx/oV46ag=="
)

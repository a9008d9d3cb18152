from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "generation_logs" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "organization_id" BIGINT NOT NULL,
    "request_id" BIGINT NOT NULL,
    "channel" VARCHAR(16) NOT NULL,
    "model" VARCHAR(100) NOT NULL,
    "attempt" INT NOT NULL,
    "prompt_tokens" INT NOT NULL,
    "completion_tokens" INT NOT NULL,
    "latency_ms" INT NOT NULL,
    "outcome" VARCHAR(32) NOT NULL,
    "error" TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_generation__organiz_54bf8c" ON "generation_logs" ("organization_id");
CREATE INDEX IF NOT EXISTS "idx_generation__request_cb9486" ON "generation_logs" ("request_id");
COMMENT ON COLUMN "generation_logs"."channel" IS 'X: X\nLINKEDIN: LINKEDIN\nFACEBOOK: FACEBOOK\nINSTAGRAM: INSTAGRAM\nTHREADS: THREADS\nBLUESKY: BLUESKY\nMASTODON: MASTODON\nWEBHOOK: WEBHOOK';
        CREATE TABLE IF NOT EXISTS "usage_counters" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "organization_id" BIGINT NOT NULL,
    "period" VARCHAR(7) NOT NULL,
    "metric" VARCHAR(48) NOT NULL,
    "value" BIGINT NOT NULL,
    CONSTRAINT "uid_usage_count_organiz_ad4341" UNIQUE ("organization_id", "period", "metric")
);
COMMENT ON TABLE "usage_counters" IS 'Per organization, per month, per metric; incremented with an upsert.';
        CREATE TABLE IF NOT EXISTS "briefs" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "objective" TEXT NOT NULL,
    "key_messages" JSONB NOT NULL,
    "audience" TEXT NOT NULL,
    "tone" VARCHAR(200) NOT NULL,
    "channels" JSONB NOT NULL,
    "call_to_action" VARCHAR(300) NOT NULL,
    "link" VARCHAR(2000) NOT NULL,
    "due_at" TIMESTAMPTZ,
    "status" VARCHAR(16) NOT NULL,
    "created_by_id" BIGINT REFERENCES "users" ("id") ON DELETE SET NULL,
    "organization_id" BIGINT NOT NULL REFERENCES "organizations" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_briefs_organiz_40bf43" ON "briefs" ("organization_id", "id");
COMMENT ON COLUMN "briefs"."status" IS 'ACTIVE: ACTIVE\nARCHIVED: ARCHIVED';
        CREATE TABLE IF NOT EXISTS "content_requests" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "status" VARCHAR(24) NOT NULL,
    "variants_per_channel" INT NOT NULL,
    "instructions" TEXT NOT NULL,
    "pending_channels" JSONB NOT NULL,
    "pending_instructions" TEXT NOT NULL,
    "generation_seq" INT NOT NULL,
    "failure_reason" TEXT NOT NULL,
    "submitted_by_id" BIGINT,
    "submitted_at" TIMESTAMPTZ,
    "decided_by_id" BIGINT,
    "decided_at" TIMESTAMPTZ,
    "rejection_reason" TEXT NOT NULL,
    "brief_id" BIGINT NOT NULL REFERENCES "briefs" ("id") ON DELETE CASCADE,
    "created_by_id" BIGINT REFERENCES "users" ("id") ON DELETE SET NULL,
    "organization_id" BIGINT NOT NULL REFERENCES "organizations" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_content_req_brief_i_c6bfc6" ON "content_requests" ("brief_id");
CREATE INDEX IF NOT EXISTS "idx_content_req_organiz_1ebbe2" ON "content_requests" ("organization_id", "id");
COMMENT ON COLUMN "content_requests"."status" IS 'QUEUED: QUEUED\nGENERATING: GENERATING\nGENERATION_FAILED: GENERATION_FAILED\nDRAFTED: DRAFTED\nIN_REVIEW: IN_REVIEW\nAPPROVED: APPROVED\nREJECTED: REJECTED';
        CREATE TABLE IF NOT EXISTS "content_transitions" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "from_status" VARCHAR(24),
    "to_status" VARCHAR(24) NOT NULL,
    "actor_id" BIGINT,
    "reason" TEXT NOT NULL,
    "request_id" BIGINT NOT NULL REFERENCES "content_requests" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_content_tra_request_4cb10f" ON "content_transitions" ("request_id");
COMMENT ON COLUMN "content_transitions"."from_status" IS 'QUEUED: QUEUED\nGENERATING: GENERATING\nGENERATION_FAILED: GENERATION_FAILED\nDRAFTED: DRAFTED\nIN_REVIEW: IN_REVIEW\nAPPROVED: APPROVED\nREJECTED: REJECTED';
COMMENT ON COLUMN "content_transitions"."to_status" IS 'QUEUED: QUEUED\nGENERATING: GENERATING\nGENERATION_FAILED: GENERATION_FAILED\nDRAFTED: DRAFTED\nIN_REVIEW: IN_REVIEW\nAPPROVED: APPROVED\nREJECTED: REJECTED';
COMMENT ON TABLE "content_transitions" IS 'Who moved a request from one status to another, when, and why.';
        CREATE TABLE IF NOT EXISTS "content_versions" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "organization_id" BIGINT NOT NULL,
    "channel" VARCHAR(16) NOT NULL,
    "text" TEXT NOT NULL,
    "hashtags" JSONB NOT NULL,
    "suggested_image_prompt" TEXT NOT NULL,
    "source" VARCHAR(8) NOT NULL,
    "is_selected" BOOL NOT NULL,
    "violations" JSONB NOT NULL,
    "generation_seq" INT NOT NULL,
    "created_by_id" BIGINT,
    "request_id" BIGINT NOT NULL REFERENCES "content_requests" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_content_ver_organiz_279a54" ON "content_versions" ("organization_id");
CREATE INDEX IF NOT EXISTS "idx_content_ver_request_f9e341" ON "content_versions" ("request_id");
COMMENT ON COLUMN "content_versions"."channel" IS 'X: X\nLINKEDIN: LINKEDIN\nFACEBOOK: FACEBOOK\nINSTAGRAM: INSTAGRAM\nTHREADS: THREADS\nBLUESKY: BLUESKY\nMASTODON: MASTODON\nWEBHOOK: WEBHOOK';
COMMENT ON COLUMN "content_versions"."source" IS 'AI: AI\nHUMAN: HUMAN';
        CREATE TABLE IF NOT EXISTS "comments" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "organization_id" BIGINT NOT NULL,
    "parent_id" BIGINT,
    "author_id" BIGINT,
    "body" TEXT NOT NULL,
    "edited_at" TIMESTAMPTZ,
    "deleted_at" TIMESTAMPTZ,
    "resolved_at" TIMESTAMPTZ,
    "resolved_by_id" BIGINT,
    "version_id" BIGINT NOT NULL REFERENCES "content_versions" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_comments_organiz_2f21bc" ON "comments" ("organization_id");
CREATE INDEX IF NOT EXISTS "idx_comments_version_d5d217" ON "comments" ("version_id");
        CREATE TABLE IF NOT EXISTS "content_edits" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "organization_id" BIGINT NOT NULL,
    "editor_id" BIGINT,
    "previous_text" TEXT NOT NULL,
    "new_text" TEXT NOT NULL,
    "previous_hashtags" JSONB NOT NULL,
    "new_hashtags" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "reverts_edit_id" BIGINT,
    "version_id" BIGINT NOT NULL REFERENCES "content_versions" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_content_edi_version_b620af" ON "content_edits" ("version_id");
        ALTER TABLE "organizations" ADD "forbid_self_approval" BOOL NOT NULL DEFAULT False;
-- At most one selected version per channel of a request, whatever the application does.
CREATE UNIQUE INDEX IF NOT EXISTS "uq_content_versions_selected"
    ON "content_versions" ("request_id", "channel") WHERE "is_selected";"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "uq_content_versions_selected";
        ALTER TABLE "organizations" DROP COLUMN "forbid_self_approval";
        DROP TABLE IF EXISTS "usage_counters";
        DROP TABLE IF EXISTS "comments";
        DROP TABLE IF EXISTS "content_edits";
        DROP TABLE IF EXISTS "content_requests";
        DROP TABLE IF EXISTS "content_transitions";
        DROP TABLE IF EXISTS "briefs";
        DROP TABLE IF EXISTS "generation_logs";
        DROP TABLE IF EXISTS "content_versions";"""


MODELS_STATE = (
    "eJztXW1z4jgS/isuPs1WcVMZkszk2KurIsTJsENgjpDM7C5bLgMCfGNk1jZksnvz30/yC3"
    "6TiO3YxC/9JRhbLZynpZb6Ubf0d2OtzZFqvO1szdUdMgxFw4228HcDy2tELliPm0JD3my8"
    "h/SGKU9Vq7xMCkqGXdJ6Ik8NU5dnJnm4kFUDkVtzZMx0ZWPav9UYYiQYyhL/Q8E/C7KqCj"
    "pa6MhYCab2DWFD0DVTNtFcWOjaWlBMYaHp9NMg9a0V9ekt/ZW5NiM/o+BlVhVusfLnFkmm"
    "tkTmCumk2t//ILcVPEffkeF+3XyTFgpS5wHIlDmtwLovmU8b696lsuxh89oqS193Ks00db"
    "vGXvnNk7nS8F5AwSa9u0QY6fRlyT1T31L08FZVHbRdQO2X9YrYb+mTmaOFvFWpDqi0/QLe"
    "vYYkDYZj6U4cS1Ijoh9Xwoewc2tGVEx0S17VsABY0lf4xz9brdPTD62T0/cX52cfPpxfnF"
    "yQstb7Rh99+GG/jIeWXZWFWe+mNxjTF9JIA7KbF73xw5KRTdmWspThoT/TEcVLks2oFq7I"
    "E1NZI7YegpIhfcwd0bfuRVg7ri4Oqce94enH6xLHUBD5B+dDrD45DeMA9uPerXg37tx+pj"
    "+3Now/VQu/zlikT1rW3afQ3Tfvfwoqa1+J8KU3/ijQr8Jvw4FowasZ5lK3ftErN/6tQd+J"
    "2BBNwtqjJM99bdi966JGSnpa327mKbUelAStF0XrLkY+tTtv72ldRzti0dNoPSiZgdadRl"
    "oUpZdXydG+7eqKtGPDnn4ENd1dyfphLXuSIU0TyMqn28Za/i6pCC/NFfn6/uyArh86o+7H"
    "zujN+7OQ/gbOk5b16EfQlhpIl2SCCaNX8bEOSqXCOZXlbDSOAvPZyUkMnEkpLtDWsyDSyi"
    "YJwnbpyiGbUwNOOgv3CT0/FU8HcTUn49QPWnxjzsUpplEtXGs6It7ZJ/RkaaJH3lvGM8RA"
    "3nE+751qyqWBH24Lc+96v6/Lj3u/0d/wyL9O/mFk2oagc9ftXIkNC+CpPPv2KOtziYO04+"
    "FKtofLaPmO/PWnEVJlU2GOhg7cI7uuMa2qhPNdHu4WjlpL8+EXQDb6aN1ah+/ImAxxc+e3"
    "6S85mIlrWVFtxBjsie9p8xB5gmg5nw6f5U74oAB/UWCT2QT+okaeLPAXddR6HP5is9VJjY"
    "jtBIh4u45MkAKq94kfzytIrunGgzjqXf8qibedXr8t+L9N8EikUp87d3dfhqOrthD8Hqb2"
    "4/gTp60Y/sRpi+tP0EdBf8IakKWVbKySuGtBqWwU9LrjY85umzX7SYLwXqDIrT8lvKetOH"
    "wDKXWgHUf4BvR9oxDrlWKUCUpWcJQp76jCmEwY6WYSBhDiZdEv8FvAb1Wf38qTsQmwXAzO"
    "JsyC8VmbKPcGvE01TUETeJsaefDA29RR63F4GyAEjkMIgLtaE3cG3NUK69eJBk/ssQblwG"
    "nNyGk1vDD+F/qtoaSAcukirvsabIVF8mAt2oDhubp0At9jpS45OKoV7v5NcFRr5LKAo1pH"
    "rcdxVF97SbVA7mkuC6rWZwJ43fIVXLBuxQqQbx0IkG9FA+Q3smE8amSilJRriQhWEfHz8z"
    "iIn5/zEafPQikJhkSm/YsFY4amaSqSMWeK5hMLQT0lcnlhvb9zXBf8cjjsB0aAy15oGja4"
    "v70UR2/eWdCTQooZmJ0F8Cbzb2XHMCPPAe7JHRFx14CXFnA7xnqHdIX8UJr5ELMCYKCKMw"
    "uKTn4XRGNEVaq2VDDR5JaV2cb1PtnCedFRUR2f5DWY2N5o693Zh7OL0/dneyd0f+eQ7xnt"
    "WKo2o7mWBB/WlPNwnwrLQncqcndSZcN0+kNy8xkRBl0XWtepbCYYy2eMpamZG8lAMx2ZEs"
    "Iz/WlDcYgAPEbfOQhzK6hChvuhDiR+HQf6juvNvLntfP0p0H/6w8GNW9w3Uez2h5csbSBM"
    "wUgzI2SIg1ErslGzFGYNRIaJGDn4hxYjorKprFvBtPuKK5Nx0pv9G4qlT2zOfL3yNTpgNK"
    "856t1mkQUezFmuIlYGwqak4J1iWlC8EK/evqLy9f5YcK3Reop0Y6VsXojU7b6iqrYseTtX"
    "yLRsh6jQC00WqUncoTKOKbGgmuoKWrwQpEtaR0XxIU9Naqd0RN7ZeGlz6tq1jezKKgRZnn"
    "E2PsvOiLYJ2n1+zE1ooIHIG4i8gcibssdgQORNHbVehsib19Zs/rE3uqam3jnFlS0y1o3O"
    "1W1v0BasjwkWr3rj4agt2J9045SHnvhFHNEtU+yrRgrNvHsfQzHvwv3I0wt9BJulQG5UkW"
    "xPeUeR6ORBns3QJt3sISQKKxJF1jPsZF4HLVscANHV9ClxMlxEFFadkrnlnhY0fSlj5S+L"
    "i0msB4YwZCZmlJnoxzaqlcTpicNQdeXSSNz8REaDZCcpsg1RBjjH3L6oYLYnLr4RwxtAl7"
    "yFMLjv918rB9S3lsbgpoMrbXxuOrS0ly03/XukX1vbZv0BnHVRTHITOOsasZfAWddR63E4"
    "a2BUC8mogr/yuoMjbLwKnmKRNZKrpwhb3JZ3i9tAs2a4h+Fmz3cQ/U0HwpcqbHOb4ArWyC"
    "kAV7COWo/jCsLGNvlubENb/F8aToSxX+aIp8Dej7uNowCdfZDMI5oadCOQBCD7RCp30u55"
    "rJZ8fqAln0db8lSX8VzaacqMgTM/fzkkVgGsj520vND0qTKXDKQuJDJz17WdzAg4PbiJEK"
    "8K2MHpmQ2FUiWxvk6qYdEGV8g1zBYqyDWMDdUxcw1L2ZZeOdmwNJjlSdr5eiGDsgv2UT5h"
    "F7YKufJ1v7OoZfL3DyDygMgrV5cvKaUTh8ij24WyVsvire970kWmeBp3vZuBRNf4nYsJdi"
    "6k606vL17tHzjfJ7jT7Q7vB2OpP+x+os+D3yd4OLrpDHq/dca94UDqjkSiSVKKdTdU9v7z"
    "FaOsc3eCb0XqX5A3eehZpYLf989/GfYGvsf21wkeDfuiRDzIwQ196P+2lxyJt8MHn6jzff"
    "+8L16P9w/pF4LVuHN9LREExLs7gpTvWyNe78n7IG5ZJ4OQ3fSY7ZhDnAXFKsA1HAnopMN0"
    "QAwSFNKGmdCBOwr8L3fDARt2t3x4PFZmpvA/QVXym3w3/rXYYmtkEKZbRTUVbLylP/vvVy"
    "DZKD6HSbYwnxYaY2kFYZJNYewOxzc0Cms/uPLbl+yJecfBZBoYPrxBKYD5WZjJpE1LHrDm"
    "lwIjXuoss9pqorCxgwXTSK6xg5YhyQDiaieY+c1toXLLhltzqn2/RYYhW/02Gj8YKNA8GE"
    "BoFZXWdlkIIQTmMaIFYB6ryjxCCGHVtB4nhNDUEnF0WtG55dTkXA57nxnb6X/RjNGd+AD7"
    "RKqIcqzQttMDoW2njNA2bc7YH+FATJtTvhL4Hjuc7Rv5P5O0Z7d8JcDOm88nHpa5ZYRzxF"
    "v786SPyLl9FgdXvcFNQurNFWsLzsUEfxT7V22B/p3gO3Ewbgv07wS7C4L2Z5oFruxTfWXT"
    "ROsNK/CGz9b5ROCcpcihdPSgFqTrLB6Cb8iDUhUgmo9tzK2jNZJP931isJFdcab2tkeXIO"
    "Y5T1bKDsBksFH7yEw+C+UFgEI8HLBSwEpVlp8AVqqOWo/FSikmb5MjXtalWfydjVI6mrmk"
    "tmoWz8Q80Z4/4w4IwYQ7OXuCngKLa3FDx8JyxQgho79XmRAymoqBcLLsWL8M9IYU5/kmzK"
    "w/flZ9XlAfwcDPVjLGjmsV1874ZcDGZG5jZrJKT32VDuV4cBQTkaxcJ8hlbUhV8LckOLvl"
    "K4cuMRAxbcxBIxMBeL5FKVwzTwoIxOJ4YVHnu4QLUp3uuPcgJuxUjhRNK6OfE0ybfM9Ky3"
    "KvGik6XfYrTy6TleJokogohCqXOmi8cJwFRI0XTSW5ho179iQDoKsdOx4xvYkDyGHzjyJt"
    "/tHV1mvOzh/uo+ahBc6ZXQji62ElM6IFWMks45oWrGTWUetxVjLL4itU1Qp7mtjIOp04Jd"
    "VBQAx85rTokz6ySpPl7hcD9NOiDzkSR1zXRHMl3TgfEARmvDijenQyZ7vvaZQclAQtF1nL"
    "pCpN3aU88D0gCnouhZ5TrKtEZWGaknaaskO6kcZPCsqBi5TRaooDawb8vsMzP3gVlksdcZ"
    "n+YEMs0ilzjgZEMsVsMHlr73HzMHdtrz/QuSoQ2BW2C00gsGtEZQKBXUetV4nArsH0mI65"
    "KTjUgBg4J6nXD3S0U7StIZnoO8MC8snUiCCwqilYVYweEyPvlwHQU4C+b7or2ViZ8jJRNg"
    "lTGNJKDispRVoJbeVp9BOWA9VkrhoyLTRYBArfZHkSFchBOba5IgYH6aZhkRMpiNyIMEyW"
    "gMktD/7A5NaJyXVjtvlkri+q+3k+1x9PDtsuAdcLXG9lWT/geuuo9Thcbwnzff9zL9472b"
    "kJ8n1tqbZgf07wjTgQR52xtSWtd+3dH3onU0ZuTfDVqHNtnQ7pXExwbyCNxIee+KUt7C8n"
    "uPP588g+7NG9muCR+IvYtYTdq0a8VhhM749zKFWLfyhVK3Io1U7WFZn8lrRBuuTsCxJtGP"
    "x5PEf8eOz/u3xH5cz2vlVo7VuLBGH0PD5REJYDuiA5u4nwnLyPlGarHJYsEGiZE2guzGl7"
    "CU8eekvi3uKAQ502A/2ZYCyICsIO6OFRYCEr6lZHUnLCOCoJbTv5Tujb6VoxU+6swhAG4j"
    "gtceyBmWJj+pAsBN0Xx9dkpdDMlHm6HhcRhf6Wtr+5UKZJZPJLQl8rcl/TkbVxM1FQmhXp"
    "qCxMMRJPMaxTLRJbOr8UrIamNXKwbV4RtACRxEUND4Bt8462bd7UPf/ohRjvz1Eql/2Pi6"
    "1/3IO9CAu6FyH5IWwoHE42xTaE4319FbIarLC4bODKNAarGFgdIW7K18j4oVPBlvh89FSo"
    "JzwbQNX4stKEtbZDc0EWnNArYaFra0HDSLAX0gVTE2Ss0TCqpvC4QrhJvs7J1dPbRgjlDK"
    "qDXNwCT92aAsRn1SdSB+Kz6qj1OPFZ1KRLLwvSClWRisg7ztQXgrRsLvFAkBZpKS9rDYEK"
    "ipwhCY3h2cZA5ptpNticQW74y6lNyPM7cp6f5eKkSPHzy8F6Skb0se4lGmWTXZbpeRRFpD"
    "eDDbGA2WUut8SnSHzs0/P8iJ/3gg3DqmkgmkBS1MhdBZKijlqPQ1KUZZm/qlY4cgR0WnKA"
    "n7ZVLGrga1v4OsH93uCTeNUbtAX3aoKvO13xcjj81BbcK+rok/Z9M+rcUkffuZzg8ceR2L"
    "m6awvOxQRf9u/Fu0+/tgXnYoJvO3fj4dWQ/IJ7NcFfxMuP1g84F2mogOyPCU26TxbskfUC"
    "ZzTN1kuw7VKuWWPGdrkk7hWZQChr4uZIG11bbxL1CH4NQNckz67Rtro9vqRKK99LF9k8NT"
    "q9ttDpTfDH+9sOGSKsjzSjwUWMweCCOxZchIcCxZAMpKIZxSc6E9M0FcmY4wEHJUPgT4lo"
    "Xujv7xy37ZP5QT/Q9i974cZ9f3spkrHYgp8UUkzOzGunaHYQT6JRISgF40Lm4wKksOaYwg"
    "pB9kXw+WBpBJZGCqmO4yyN+A9K9w7Zfkmo7f4872LMM7ONR96f4vLiYGT35JiqoJTnGtvN"
    "fjbR15YNxhJbsEDz0Aqbb2aiaktYYKvwMNOEBbYaLbXAAlsdtQ4LbMW3wuBsFQV/WOCs6Q"
    "KnNRFmq53d4/YCRVZ0/N4WhPfkJA6+Jyd8gOmzUDS5aSLmmhk/ktyTgF1eo4eH0fVD4lh9"
    "Q6w1AS6oETngnSODAEFIRdZ8JjG8TFmAOAyxSv5vPHuS1kmwDQoBqJHtcLYmaX6cZXHO5N"
    "0TqeA4dtqKMYydtrijGH0UOjBT1zU9CjA/7GMvAFEesaI8Iisfr5O0cG+Q+11ti02Ls4zw"
    "qYHnzUN06paWJA3CKhpzL4fPSBf8bnVT2JA7aw2bK+cSEU3NfhYUPNMRXU5Ac+FRMVeCjI"
    "XtxkC6Gd3RIatKGYwu8wQeUqWiWVd2xfZ5PED8FsPlBeK3PhQgEL911HqViN8ahNl4w2Xc"
    "ubsnUcGp+yFA3anlB+7E/UOE3rOnIAnQ9SQqiO5ZnJjgM35Q8FkkKngnq1uG53nwZFZXpD"
    "Ke/GtEhr2Of9Qhtme2ajA8I+dJ85BPJHtlChNZUhfv4oVsE99v4J4IzLexPpEKGtnW+Xmc"
    "HXnOz/lb8tBnoVUU0qkSIOwUryC6uaxRObtLRBHmp1j4RI6fX5F/HGOumRSvOpj9+D9xzx"
    "w5"
)

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE EXTENSION IF NOT EXISTS vector;
        CREATE TABLE IF NOT EXISTS "knowledge_files" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "title" VARCHAR(300) NOT NULL,
    "tags" JSONB NOT NULL,
    "filename" VARCHAR(255) NOT NULL,
    "file_type" VARCHAR(16) NOT NULL,
    "content_type" VARCHAR(120) NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "storage_backend" VARCHAR(8) NOT NULL,
    "storage_key" VARCHAR(500) NOT NULL,
    "processing_status" VARCHAR(16) NOT NULL,
    "failure_reason" TEXT NOT NULL,
    "processing_seq" INT NOT NULL,
    "chunk_count" INT NOT NULL,
    "token_count" INT NOT NULL,
    "embedding_model" VARCHAR(100) NOT NULL,
    "processed_at" TIMESTAMPTZ,
    "uploaded_by_id" BIGINT,
    "organization_id" BIGINT NOT NULL REFERENCES "organizations" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_knowledge_f_organiz_ea3c4a" ON "knowledge_files" ("organization_id", "id");
COMMENT ON COLUMN "knowledge_files"."file_type" IS 'TEXT: TEXT\nMARKDOWN: MARKDOWN\nHTML: HTML\nPDF: PDF\nDOCX: DOCX\nCSV: CSV';
COMMENT ON COLUMN "knowledge_files"."storage_backend" IS 'LOCAL: LOCAL\nS3: S3';
COMMENT ON COLUMN "knowledge_files"."processing_status" IS 'PENDING: PENDING\nPROCESSING: PROCESSING\nCOMPLETED: COMPLETED\nFAILED: FAILED';
        CREATE TABLE IF NOT EXISTS "knowledge_chunks" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "organization_id" BIGINT NOT NULL,
    "position" INT NOT NULL,
    "text" TEXT NOT NULL,
    "token_count" INT NOT NULL,
    "embedding" vector(512) NOT NULL,
    "file_id" BIGINT NOT NULL REFERENCES "knowledge_files" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_knowledge_c_file_id_7385e6" UNIQUE ("file_id", "position")
);
CREATE INDEX IF NOT EXISTS "idx_knowledge_c_organiz_720adf" ON "knowledge_chunks" ("organization_id");
CREATE INDEX IF NOT EXISTS "idx_knowledge_c_embedding_hnsw" ON "knowledge_chunks" USING hnsw ("embedding" vector_cosine_ops);
COMMENT ON TABLE "knowledge_chunks" IS 'One overlapping passage of a file''s text and its embedding. Written only by the';
        CREATE TABLE IF NOT EXISTS "content_version_sources" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "organization_id" BIGINT NOT NULL,
    "rank" INT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "excerpt" TEXT NOT NULL,
    "file_title" VARCHAR(300) NOT NULL,
    "chunk_id" BIGINT REFERENCES "knowledge_chunks" ("id") ON DELETE SET NULL,
    "file_id" BIGINT REFERENCES "knowledge_files" ("id") ON DELETE SET NULL,
    "version_id" BIGINT NOT NULL REFERENCES "content_versions" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_content_ver_version_85f3e9" ON "content_version_sources" ("version_id");
COMMENT ON TABLE "content_version_sources" IS 'A passage a generated version was given, as it was then: the chunk and file may be';
        CREATE TABLE IF NOT EXISTS "media_attachments" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "organization_id" BIGINT NOT NULL,
    "kind" VARCHAR(8) NOT NULL,
    "format" VARCHAR(8) NOT NULL,
    "content_type" VARCHAR(120) NOT NULL,
    "filename" VARCHAR(255) NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "width" INT,
    "height" INT,
    "duration_ms" INT,
    "alt_text" TEXT NOT NULL,
    "position" INT NOT NULL,
    "source" VARCHAR(12) NOT NULL,
    "prompt" TEXT NOT NULL,
    "storage_backend" VARCHAR(8) NOT NULL,
    "storage_key" VARCHAR(500) NOT NULL,
    "created_by_id" BIGINT,
    "version_id" BIGINT NOT NULL REFERENCES "content_versions" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_media_attac_organiz_5b43c0" ON "media_attachments" ("organization_id");
CREATE INDEX IF NOT EXISTS "idx_media_attac_version_acab34" ON "media_attachments" ("version_id");
COMMENT ON COLUMN "media_attachments"."kind" IS 'IMAGE: IMAGE\nVIDEO: VIDEO';
COMMENT ON COLUMN "media_attachments"."format" IS 'JPEG: JPEG\nPNG: PNG\nGIF: GIF\nWEBP: WEBP\nMP4: MP4\nMOV: MOV';
COMMENT ON COLUMN "media_attachments"."source" IS 'UPLOADED: UPLOADED\nGENERATED: GENERATED';
COMMENT ON COLUMN "media_attachments"."storage_backend" IS 'LOCAL: LOCAL\nS3: S3';
        CREATE TABLE IF NOT EXISTS "image_generations" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "organization_id" BIGINT NOT NULL,
    "prompt" TEXT NOT NULL,
    "status" VARCHAR(12) NOT NULL,
    "failure_reason" TEXT NOT NULL,
    "model" VARCHAR(100) NOT NULL,
    "requested_by_id" BIGINT,
    "media_id" BIGINT REFERENCES "media_attachments" ("id") ON DELETE SET NULL,
    "version_id" BIGINT NOT NULL REFERENCES "content_versions" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_image_gener_organiz_12994d" ON "image_generations" ("organization_id");
CREATE INDEX IF NOT EXISTS "idx_image_gener_version_edff8e" ON "image_generations" ("version_id");
COMMENT ON COLUMN "image_generations"."status" IS 'QUEUED: QUEUED\nRUNNING: RUNNING\nCOMPLETED: COMPLETED\nFAILED: FAILED';
COMMENT ON TABLE "image_generations" IS 'One `generateImage` request: queued, run by a job, ends with media or a reason.';
        COMMENT ON COLUMN "content_requests"."status" IS 'QUEUED: QUEUED\nGENERATING: GENERATING\nGENERATION_FAILED: GENERATION_FAILED\nDRAFTED: DRAFTED\nIN_REVIEW: IN_REVIEW\nAPPROVED: APPROVED\nREJECTED: REJECTED\nSCHEDULED: SCHEDULED\nPUBLISHED: PUBLISHED';
        COMMENT ON COLUMN "content_transitions"."from_status" IS 'QUEUED: QUEUED\nGENERATING: GENERATING\nGENERATION_FAILED: GENERATION_FAILED\nDRAFTED: DRAFTED\nIN_REVIEW: IN_REVIEW\nAPPROVED: APPROVED\nREJECTED: REJECTED\nSCHEDULED: SCHEDULED\nPUBLISHED: PUBLISHED';
        COMMENT ON COLUMN "content_transitions"."to_status" IS 'QUEUED: QUEUED\nGENERATING: GENERATING\nGENERATION_FAILED: GENERATION_FAILED\nDRAFTED: DRAFTED\nIN_REVIEW: IN_REVIEW\nAPPROVED: APPROVED\nREJECTED: REJECTED\nSCHEDULED: SCHEDULED\nPUBLISHED: PUBLISHED';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    # The `vector` extension is left installed: other objects in the database may use it.
    return """
        COMMENT ON COLUMN "content_requests"."status" IS 'QUEUED: QUEUED\nGENERATING: GENERATING\nGENERATION_FAILED: GENERATION_FAILED\nDRAFTED: DRAFTED\nIN_REVIEW: IN_REVIEW\nAPPROVED: APPROVED\nREJECTED: REJECTED';
        COMMENT ON COLUMN "content_transitions"."from_status" IS 'QUEUED: QUEUED\nGENERATING: GENERATING\nGENERATION_FAILED: GENERATION_FAILED\nDRAFTED: DRAFTED\nIN_REVIEW: IN_REVIEW\nAPPROVED: APPROVED\nREJECTED: REJECTED';
        COMMENT ON COLUMN "content_transitions"."to_status" IS 'QUEUED: QUEUED\nGENERATING: GENERATING\nGENERATION_FAILED: GENERATION_FAILED\nDRAFTED: DRAFTED\nIN_REVIEW: IN_REVIEW\nAPPROVED: APPROVED\nREJECTED: REJECTED';
        DROP TABLE IF EXISTS "image_generations";
        DROP TABLE IF EXISTS "media_attachments";
        DROP TABLE IF EXISTS "content_version_sources";
        DROP INDEX IF EXISTS "idx_knowledge_c_embedding_hnsw";
        DROP TABLE IF EXISTS "knowledge_chunks";
        DROP TABLE IF EXISTS "knowledge_files";"""


MODELS_STATE = (
    "eJztXWtz4kiy/SsVfLk9EWxHN350X2bjRmCQ3Uxj8AJ2z84woRVQGK1FiZGE3Z69/d+3qi"
    "ShVwlLssCSyC8gpMoCTtYrT2Vm/ae20udYM9+3NtZyhE1T1Umtif5TI8oK0wvR4zqqKeu1"
    "95DdsJSpxssrtKBs2iX5E2VqWoYys+jDhaKZmN6aY3NmqGvL/q7agGBkqvfkbyr5GSmahg"
    "y8MLC5RJb+gImJDN1SLDxHC0NfIdVCC91g7yatb6Vqz+/Zt8z1Gf0aldznVeGGqH9usGzp"
    "99haYoNW+/sf9LZK5vg7Nt2P6wd5oWJtHoBMnbMK+H3Zel7zexfqfZdYl7ws+7lTeaZrmx"
    "Xxyq+fraVOtgIqsdjde0ywwX4svWcZG4Ye2Wiag7YLqP1jvSL2r/TJzPFC2WhMB0za/gHe"
    "vZos9wdjeSSNZbkW0Y8r4UPYuTWjKqa6pT/V5ADcs5/wt/9tNE5OPjU+nJx/Pjv99Ons84"
    "fPtCz/vdFHn37YP8ZDy66KY9a96vbH7AfptAHZzYvd+MFlFEuxpbgyPPRnBmZ4yYoV1UKH"
    "PrHUFRbrISgZ0sfcEX3vXoS14+pil3rcG55+vC5xCAXRPzgfEO3ZaRg7sB93r6XRuHV9w7"
    "5uZZp/ahy/1lhiTxr87nPo7rvzn4LK2laCvnXHXxD7iH4b9CUOr25a9wb/Rq/c+Lca+010"
    "DNFloj/JytzXht27Lmq0pKf1zXqeUetBSdB6UbTuYuRTu/PrPa0b+JGO6Fm0HpTMQetOIy"
    "2K0sur5GjfdnVF27FpLz+Cmm4vFWO3lj3JkKYpZOXTbW2lfJc1TO6tJf14frpD13etYftL"
    "a/ju/DSkv77zpMEf/QiOpSY2ZIViIuhV8VgHpTLhnGnkrNUOAvPphw8JcKalYoHmz4JIq+"
    "s0CNulK4fsnhpw2lW4T+jlpXg2iKu5GGd20OJBuBZnmEa1cKkbmFpnX/Ez10SX/m6FzLAA"
    "ecf4vHWqKZcGfrgtzL3rfb+hPG3tRn/Do3+d/mFs2QNBa9RudaQaB3iqzB6eFGMuxyDtWL"
    "iybeEKWr4jf/l1iDXFUoWzoQP30K5rzKoq4Xo3DneOo97QffgFkI0+WjVW4TsKoVPc3Plu"
    "9k0OZtJKUTUbMQF74nta30WeYFbOp8MXuZN4UIC/KPCQWQf+4ogsWeAvjlHrSfiL9cagNW"
    "KxESCRzSqyQAqo3id+OKsgvaZrd9Kwe/lPWbpudXtN5P80IUOJSd20RqNvg2GniYKfw9R+"
    "EnvipJHAnjhpxNoT7FHQnuATsrxUzGUacy0olY+C3nZ+3LPZxlc/aRDeChS59WeE96SRhG"
    "+gpXa04wjfgL+vVTp6ZZhlgpIVnGXKO6sIFhNmtpWECYR4WfQL/BbwW9Xnt/bJ2ARYLgFn"
    "E2bB4lmbKPcGvE01h4I68DZHZMEDb3OMWk/C2wAhcBhCAMzVIzFnwFytsH4db/DUFmtQDo"
    "zWnIxW03Pjf6XdGgoKKJcukpqvwVZYJAuW0wYCy9WlE+ItVmaSg6Fa4e5fB0P1iEwWMFSP"
    "UetJDNW33lItkHm6lw1V/p4CXrd8BTesG4kc5Bs7HOQbUQf5tWKaTzpdKKXlWiKCVUT87C"
    "wJ4mdn8YizZ6GQBFOmy/7FQrBC03UNKyRmieYTC0E9pXL7wnp757Am+MVg0AvMABfd0DKs"
    "f3t9IQ3ffeTQ00KqFVidBfCm62/1UTCMvAS4J3dAxN0BvLSA2z7Wj9hQ6RdlWQ8JKwAGqj"
    "iroOjid0E1RlWl6fcqoZrciCLbYq1PsfC+6Kiojj/sazKxrdHGx9NPp59Pzk+3Ruj2zi7b"
    "M9qxNH3GYi0pPqIl5+4+FZaF7lTk7qQppuX0h/TDZ0QYdF1oXWcaM2GwfGGwtHRrLZt4Zm"
    "BLxmRmPK8ZDhGAx/h7DMKxFVQhwn1XB5J+HQf6jmvNvLtu/fpToP/0Bv0rt7hvodjuDS5E"
    "2sCEgZFlRSgQh0GtyIMaVxifiEwLC2Lwd21GRGUzjW4F0+4b7kwmCW/2JxTLHtic+37lW3"
    "TAaFxz1LrNIwo8GLNcRaxMTCxZJY+qxaF4JV7dbUXl6/2J4Frh1RQb5lJdvxKp621FVW1Z"
    "ymau0mXZI2ZCrxyyaE3SIy7jnJIIqqmh4sUrQbpgdVQUH/rUYuOUgelvNl/bnNp2bUO7sg"
    "pBtk8/G9/ILvC2CY778T43oYkGPG/A8wY8b8rugwGeN8eo9TJ43ry1Zvfve2PoWubMKa5s"
    "kbGutTrX3X4T8bcJkTrd8WDYRPY7S5xy15W+SUOWMsW+qmXQzMfzBIr5GO5Hnl7YI0iWAr"
    "FRRRp7yjuLRBcPymyG19lWDyFR2JEosp4hk/kxaJlzAFRX0+fUwXARUdh1SmeWe1rQjXuF"
    "qH9xLia1HgTCEJmYU2SiH9uoVlKHJw5C1ZVLI0njEwUNUhykKB6IcsA5Yfqigo09SfGNDL"
    "wBdOmvQP3bXu+tYkB9e2kCbjq40xbPTYe29vLlpn+P9GueNusP4KyLMiTXgbM+IvYSOOtj"
    "1HoSzhoY1UIyqmCvvO3kCIlXwVIsskb2ailCitvyprgNNGuBeRhu9vEGor/pgPtShcfcOp"
    "iCR2QUgCl4jFpPYgpCYpv9JrZhLf4vnaTC2C9zwFNgb8ft2kGAzt9J5glPTZYIJAXIPpHK"
    "nbR7lqgln+1oyWfRljw1FDKXH3V1JsA5Pn45JFYBrA8dtLzQjak6l02sLWS6cjf0R0XgcL"
    "oziVBcFZDB6YWEQpmCWN8m1LBokyvEGuYLFcQaJobqkLGGpWxLbxxsWErMHqgFpeH5PaZj"
    "voZfCdlXt7JLVSujRfwm8Zm+cUtAcgZHtXiKMzyO7pXh/F1ExtPXP4D6BOqzXF2+pCRYEu"
    "qTJVgV7S8m84jwpItMitVG3au+zLwinIsJcS7ky1a3J3W2D5zPE9Jqtwe3/bHcG7S/sufB"
    "zxMyGF61+t3fWuPuoC+3hxLVJC0luhsqe3vTEZR17k7ItcQsMvpL7rq8VPDz9vkvg27f99"
    "j+OCHDQU+Sqc3dv2IP/Z+2kkPpenDnE3U+b5/3pMvx9iH7QLEaty4vZYqANBpRpHyfasl6"
    "z76PLlcMOgnZTU/YjmOoxqBYBdiZAwGddpoOiEFIR1bHHDZxR4H/ZTToi2F3y4fnY3Vmof"
    "9Hmro/c6X298WG8JkBTTeqZqnEfM++9v/egJZk+OymJcMMZGiOZRWEaUlVkE8vfqBRRRn0"
    "yj++5L+V4ZjkwgEmHt6gFMD8Isx00aand/HzS8EgXuq4vKPVRGG9LQumkb16W/KBJAeIqx"
    "2S5x9uCxWNN9hYU/37NTZNhffbqMdloEB9p8slLyqv7LLgdAnMY0QLwDxWlXkEp8uqaT2J"
    "06Wlp+Lo9KJzy5nJuT1kizM303/jmaA7xQPsE6kiyomcAU92OAOeCJwB9bkgo8QOL0CnfC"
    "XwPbQD4AP9n2nas1u+EmDvm8+nFpa1EXhzJNv786QPyLndSP1Ot3+VknpzxZrIuZiQL1Kv"
    "00TsdUJGUn/cROx1QtwNQfs9ywZX/sHRimXh1VrkqhTP1vlE4GSqyDF+7GgbbBgiHiJ+IA"
    "9KVYBoPvRgzg8jSb/c94lB6r/iLO1tiy6Fl/g+WSnbZVXARm19WeNZKM9lFvzhgJUCVqqy"
    "/ASwUseo9USslGrFpYWKi1O1ip8LKqOhuZdgYJ3zTOpjqgDKgBAsuNOzJ/g5sLmW1HUsLF"
    "cMFzL2fZVxIWOhGJikiyf2y0BvyHACcspcBIfPQ7AvqA8wwM+WCiGOaZV0nPHLwBiT+xgz"
    "UzR2Tq68K8YjRjERycp1gr3sDWkqeUiDs1u+cujSASLhGLNzkIkAPN/gDKaZJwUEYnGssK"
    "jxXcINqVZ73L2TUnYqR4qFlbH3CWFNvsvDstyrWoZOl//Ok8tkZTjMJSIKrsqldhovHGcB"
    "XuNFU8le3ca98SQHoKvtOx4ZelM7kEO6lCIl/2jrq1VM5g/3UX3XBufMLgT+9bCTGdEC7G"
    "SWcU8LdjKPUetJdjLLYitUdRT2NLFWDLZwSquDgBjYzFnRp31kmSXK3S8G6GdFH2IkDriv"
    "iedqtnk+IAjMeHFm9ehizjbfsyg5KAlaLrKWaVW69phJzSFR0HMp9JxhXyUqC8uUrMuUR2"
    "yYWeykoByYSDntpjiw5sDvOzzznVdhudSRlOkPNsQincvnaECiS8yakLf2Htd3c9f2/gNb"
    "qwKBXeFxoQ4E9hFRmUBgH6PWq0RgH8HymM25GTjUgBgYJ5n3Dwz8qOobU7bwd8EIGE+mRg"
    "SBVc3AqhL8lBp5vwyAngH0bdNdKubSUu5TRZMIhSGsZLeSMoSVsFaeRT9hOVBN7qqhy0JT"
    "RKDED1meRAViUA49XNEBBxuWycmJDERuRBgWS8Dklgd/YHKPicl1fbbjyVyfV/fLfK7fnx"
    "zSLgHXC1xvZVk/4HqPUetJuN4Sxvv+41a6daJzU8T72lJNZL9PyJXUl4atMU9J61179wfe"
    "yZSRWxPSGbYu+emQzsWEdPvyULrrSt+aaHs5Ia2bm6F92KN7NSFD6RepzYXdqwkZtb9InV"
    "v7HEz3ckJubi963dEXdnd7WUvWYoOpAJIcYNWIP8CqETnA6lExVIV+l7zGhuzkEIk2ovg1"
    "f4z44XYKPu53Bs8tT67Kat9wwkTQS+NJhbAcUAvpmVBM5vT3yFnS6ohkgWzLnWxzYc7aS+"
    "Lkobek7i0OOMzAM/GfKeaCqCBkSw/PAgtF1TYGltOTy1FJaNvps6ZvpivVypiFRSAMJHNW"
    "ktkDM0MS+5AsOOgXxy4VhdvM1Hm2HhcRhf6Wtb+5UGYJevJLQl8rcl8zME/yTBWUZfc6Kg"
    "tLjNRLDH4CRuqRzi8FO6dZBzlIsVcELYDXcVFdCSDF3sFS7E3ds5JeifH2zKVyjf9JsfXP"
    "e5C3sKB5C+kXEVON4WQzpCwcb+ur0KghcqHLB65c/bWKgdUBfKx8jSzezSrYEl/2tAr1hB"
    "edrWrfljpa6Y94jhTkuGmhhaGvkE4wsjfdkaUjhejM5aqOnpaY1OnHOb16fl8LoZxDdRC3"
    "W+ClWx2BL9fxePWAL9cxaj2JLxcb0uXXOXSFqshE5B1m6QsOXbk6dNFW9bqWE6igyJGX0H"
    "BybTh0HZslyecM4tNfT5lCrOGBYw256ZQhzNAvB/s0OdHShhfslE+EW65nYhSRNg02xAJG"
    "uLmcVTz14mO1XuZd/HwaJC2r5gBRB/LjiMxgID+OUetJyI+yuA9UdRSOHEOdlUiIDwcrFo"
    "3waxP9OiG9bv+r1On2m8i9mpDLVlu6GAy+NpF7xUgB2r6vhq1rRgo4lxMy/jKUWp1REzkX"
    "E3LRu5VGX//ZRM7FhFy3RuNBZ0C/wb2akG/SxRf+Bc5FFiog/6NK0+bqgjxdrzBGs6R/gt"
    "RPe41GMzf399S8ogsIdUXNHHlt6Kt1qh4RXwPQNemjdvSNYc8vmULbt9JFHp5qrW4TtboT"
    "8uX2ukWnCP6WZTb4nGAy+Bw7F3wOTwWqKZtYwzOGT3QlpusaVkiMBRyUDIE/paL7Qn9757"
    "Btn64PeoG2f9ENN+7b6wuJzsUcflpItWJWXo+qbjsHpZoVglIwL+Q+L0Bo7B5DY8F5vwg2"
    "H2yNwNZIIdVxmK0R/2Ht3kHfr3Hh3Z4pXox1Zr5+ztuTZF7t5OyeXlNFlGwLJFdn8NHWqK"
    "kiYLbN7C2aXgldl1V3ta2tqqitaG9UXofUNauiZVnKbFm1YWufm95e2+rp9zXBnnewQH3X"
    "lrfPVND0e9jxrvC6rw473ke09wk73seoddjxLv4oDOxHUfAHj4Mj9TjgC2Gx2sU9bitQZE"
    "Un721BeD98SILvhw/xALNnofAOy8LCTez40A5PAtI5R08UZBv61LB6wCJ6IhbUiBxsBEUm"
    "AYqQhvl6JjW8QlmAOAyxRv83mT3LqzTYBoUA1Ejeq41Fm1+Mn0rM4t0TqeA8dtJIMI2dNG"
    "JnMfYodIquYehGFOB4P6ytALhdJXK7imxFvk0U0a1J77f1DbE4ZxnhUwPP67vo1A0rSRsE"
    "L5owacsNNpDfrK6jNb2z0om1dC4x1dTsZ6SSmYEZUY7n6Em1lkghaLM2sWFFU7fkVamA0R"
    "Uey0WrVHV+ZVdsH9IFxG8xTF4gfo+HAgTi9xi1XiXi9wj83rzpMuna3ZOo4NJ9F6Du0vJT"
    "7ML9U4Tes5cgKdD1JCqI7mkSJ/3TeC/904ib/qOibQSW587jml2Ryljyb+GqWYQsC44z2I"
    "u5FjynscQZF2Sf79rLhlMLrRWTGVxIQdv2g5yq0JNionv1kWekNJFq8RvUhiFN9opmyw15"
    "4LkqF6qG0Up5RlMcMaPy/4oJsT1E54gRXEadl8TfZ9hYW15ZS7U0nmLzGZk6z775qOInar"
    "bNqHlmWqqm0drxjNaOZpqiriDZZtG7Mhhhx7QcT2KEwXK8MMtxQyEPKbYm3OJVQjy3fQlz"
    "phuCteGlpitx0cuuRAjPBRMpIaI74OoMbi96EroZSu3uqOvEDG4HJf6Q3fKCNYdSqxfelb"
    "AXC6n2JTyRStg3hw4JZ2syma/J0hiVQalKAB/acUvkOXKyw3PkJOo5wlfN6WMyfVIQjpl1"
    "HuQtNi30PiFAPivyrgGcFvygHLiC5hQI++ili8wnEDbXU1WKGAgbbIgJDldiA3YO+H6l5p"
    "WG5/e47VZYruEmKb7+CS7mcKXwSJ4nupdOfdUE1zeFpT64ap/Ea6hxCyjXaPOPJ1sf3LIy"
    "b0wJWdYBwUinvVujFVOst4SovkAKJyv/x0QsIxsnL1XLRHg1xfM5LfoefTPYwdkE6UR7Rt"
    "NnxnVGKNac65+QtaHPsGmyuv6tT+tI0bRAZfafR4pFxWb4Z/SO3a+jtW4ftfQTUk1kN+B4"
    "Dxi3e7lC4O5SnGm9DkwrMK2lZFqr2h99fg+6d/5d0hAGnwgQrgJMIX3qAZlAHuZhO/imaM"
    "MhKWjGgma8XdZFcb3D7NifGGrbLxYCtq+TMs7EO2B75Ei8O/sYiVV4E+quaMgVgjt6I9O7"
    "aLp4re2dLn2aGndQ9wGSXpWE9NhrTqJga91FVLjNOQlPwdrG/nMSCQNa6OsfYMSDEV+uQb"
    "fCRjzErFRN60liVlI7XYC/RUp/i7SHgcBBIC4+u8mFDAnf2XKHX6do736ZCjb5xtlZgiZP"
    "S8UfPcyeidy5GEpCoBMcd+6voMiocxKsidgry880/NoZfOP5meyrCfkyvu41EXudkJvOZR"
    "PRlwnpDNq/NhF7nZD26K6J6Et44y6J9vLP3OQGjMRrL2blF5IrstIydpWPjUR5nBo78jg1"
    "IrODqf6FqV1tCfNJ77B4gnJALmXeMTGXSuPsPE1T9yQq2MjPkxxEfx5/EP155CB606Ll7m"
    "ljVWYPmMTE5CY49ylaTZHhr/UG7RYd+fnbhIxOmmh0kmWIz/kAKBfGByzg8na0+aBYkZHP"
    "2PDPEq39z3as/c+ia3/PVUamzdraCAb5ZK1fWNEBkyDdSP1Ot3+V0hBwxeiqx76ga6DhoC"
    "2NRvbN7TVdBQ2ub3rSWOrQtZB7yfJndnvslv1ejBXSQlG1jYFlAyumaKM9fmM4KglprFJv"
    "EPt7QqpDu6KCkAYzmrCXOcGm3X0PSVUmAUF+HiTlcmooC6xb1wQ5db5hgWgFxuID5B12Rt"
    "FM+wRh2Rx2Coq5NVzCjQHRfpCmK/NsJzhGZSFyLStBURbn2oqqYocjkh/cqFpSOyQNQtWV"
    "TCVJ/ZEETRL8kg52qpwXmZQdrtQhgWVpqnv14AofWyjw4RKcbBjvxSU8VTFZuNm/XH3xL/"
    "wXcs67aSL6tsHzOjI2hIV7KXaAFyZz085dzM8kRLrBM2YxEiOaGHkP9UPerQLPj3UEjmTH"
    "41IEjmTHqPUkjmRlMVOqOgqHzzJKszHhSVRiY+/QWxKv29p7k/28f9xKt86GWortPFuqie"
    "z3CRne9vt8J8+52OM2XpKzZz7Gnz0jiOeCbby37DNlOCGwzDy9Y3Jlo28FwsDfZp2OuU2b"
    "WgV+KcA+K/aQ9a1QhDlkfdt31jc+bOSA7zWrp2VZymzJzi4r33iTFGD/OFuo1GRhDQjoYo"
    "GS4uli+48q29L7D/sFUhZI2XIRByWl54CUPUatAylb/FHY08SDmj30xZUtMjlb6163rqQm"
    "4m8TctftSIMm4m9Z+L6co14WurESjXwJo1G30oXWwC830lUTsdcJueHxFYyRvepeNhF9mZ"
    "Bv0sVNE7HXCbm+OW0i+kKvBnf0apAp/DRnLUHs6WFjTyEc/jDh8BDjCzG+RWrk+cf4Pqlz"
    "WnME39iWvS1fIWo7t7CWJVbvl2kChTwBgDMK53xj+0fKK8HwG4tpSAqAjQKraHTJlTI3sl"
    "+mAhu5Bw9+hfTe+Z+nuHX3z+S9s5Uu8kKhdnvTG7Q6zAfHvaKWodSXhi3uq7O9zGIF5u+b"
    "Uw4PtsqMKpChBTK0FHOo33+GFndPK4OXVES0QotE8NOp/O4E+Okc2E8nSTxrKJwve4ymIJ"
    "SwXAPRm8RotrChzpY1ga+N86S+y8VG8coUxq/mWJxqXmkOxrvLxI6F8Usxn0gFl2F72SJh"
    "nSoFwk7xCqK7l2AAZ4M0inB8FnKfyOETke9/WhGBm1vK8cjK6pAepD/+C2FmYYs="
)

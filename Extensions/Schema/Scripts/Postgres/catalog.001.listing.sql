-- The shop's catalog listing read model (Granary.Silo.ReadModels.PostgresCatalogListingStore), fed by product events.
-- One row per (service, SKU); version is the product's, and a row only moves to a higher one, so a repeated or
-- late event changes nothing. search_text (name and description, lower-cased by the store, the same way in both
-- databases) carries a trigram index so a substring search does not read the whole table. pg_trgm is a trusted extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE IF NOT EXISTS catalog_listing
(
    service_id     varchar(150) NOT NULL,
    sku            varchar(64)  NOT NULL,
    name           varchar(200) NOT NULL,
    description    text         NOT NULL,
    price_amount   bigint       NOT NULL,
    price_currency char(3)      NOT NULL,
    discontinued   boolean      NOT NULL,
    version        bigint       NOT NULL,
    updated_at     timestamptz  NOT NULL,
    search_text    text         NOT NULL,
    PRIMARY KEY (service_id, sku)
);

CREATE INDEX IF NOT EXISTS catalog_listing_search ON catalog_listing USING gin (search_text gin_trgm_ops);

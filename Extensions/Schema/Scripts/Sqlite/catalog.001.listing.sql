-- The shop's catalog listing read model (Granary.Silo.ReadModels.SqliteCatalogListingStore), fed by product events.
-- One row per (service, SKU); version is the product's, and a row only moves to a higher one, so a repeated or
-- late event changes nothing. Searches scan search_text (name and description, lower-cased by the store).
CREATE TABLE IF NOT EXISTS catalog_listing (
    service_id     TEXT    NOT NULL,
    sku            TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    description    TEXT    NOT NULL,
    price_amount   INTEGER NOT NULL,
    price_currency TEXT    NOT NULL,
    discontinued   INTEGER NOT NULL,
    version        INTEGER NOT NULL,
    updated_at     TEXT    NOT NULL,
    search_text    TEXT    NOT NULL,
    PRIMARY KEY (service_id, sku)
) WITHOUT ROWID;

-- What a catalog page needs besides catalog_listing (Granary.Silo.ReadModels.SqliteCatalogListingStore), kept in step
-- with it by triggers, so every write of a listing row (the store's upsert, inside the file's single writer
-- transaction) updates them in the same transaction:
--   catalog_listing_on_sale: one row per product on sale (not discontinued), its id the row's key in the search index;
--                            its (service_id, sku) index orders the pages without reading the listing rows.
--   catalog_listing_search:  FTS5 trigram index of the on-sale products' search_text (contentless: the text stays in
--                            catalog_listing only), so a substring of 3 characters or more is found without a scan.
--                            case_sensitive 1: the store lower-cases both sides itself, exactly as for LIKE.
--   catalog_listing_total:   the number of products on sale per service, so a page without text does not count them.
-- Rebuilt from catalog_listing at the end, so running this script again changes nothing.
CREATE TABLE IF NOT EXISTS catalog_listing_on_sale (
    id         INTEGER PRIMARY KEY,
    service_id TEXT    NOT NULL,
    sku        TEXT    NOT NULL,
    UNIQUE (service_id, sku)
);

CREATE VIRTUAL TABLE IF NOT EXISTS catalog_listing_search USING fts5 (
    search_text, content = '', contentless_delete = 1, tokenize = 'trigram case_sensitive 1'
);

CREATE TABLE IF NOT EXISTS catalog_listing_total (
    service_id TEXT    NOT NULL PRIMARY KEY,
    on_sale    INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER IF NOT EXISTS catalog_listing_listed AFTER INSERT ON catalog_listing
WHEN NEW.discontinued = 0
BEGIN
    INSERT INTO catalog_listing_on_sale (service_id, sku) VALUES (NEW.service_id, NEW.sku);
    INSERT INTO catalog_listing_search (rowid, search_text)
        SELECT id, NEW.search_text FROM catalog_listing_on_sale WHERE service_id = NEW.service_id AND sku = NEW.sku;
    INSERT INTO catalog_listing_total (service_id, on_sale) VALUES (NEW.service_id, 1)
        ON CONFLICT (service_id) DO UPDATE SET on_sale = on_sale + 1;
END;

-- One trigger for both halves of an update, so the old entries always go before the new ones come.
CREATE TRIGGER IF NOT EXISTS catalog_listing_changed AFTER UPDATE ON catalog_listing
WHEN (OLD.discontinued = 0 OR NEW.discontinued = 0)
    AND (OLD.discontinued IS NOT NEW.discontinued OR OLD.search_text IS NOT NEW.search_text
        OR OLD.service_id IS NOT NEW.service_id OR OLD.sku IS NOT NEW.sku)
BEGIN
    DELETE FROM catalog_listing_search WHERE OLD.discontinued = 0
        AND rowid = (SELECT id FROM catalog_listing_on_sale WHERE service_id = OLD.service_id AND sku = OLD.sku);
    DELETE FROM catalog_listing_on_sale WHERE OLD.discontinued = 0 AND service_id = OLD.service_id AND sku = OLD.sku;
    UPDATE catalog_listing_total SET on_sale = on_sale - 1 WHERE OLD.discontinued = 0 AND service_id = OLD.service_id;
    INSERT INTO catalog_listing_on_sale (service_id, sku) SELECT NEW.service_id, NEW.sku WHERE NEW.discontinued = 0;
    INSERT INTO catalog_listing_search (rowid, search_text)
        SELECT id, NEW.search_text FROM catalog_listing_on_sale WHERE NEW.discontinued = 0 AND service_id = NEW.service_id AND sku = NEW.sku;
    INSERT INTO catalog_listing_total (service_id, on_sale) SELECT NEW.service_id, 1 WHERE NEW.discontinued = 0
        ON CONFLICT (service_id) DO UPDATE SET on_sale = on_sale + 1;
END;

CREATE TRIGGER IF NOT EXISTS catalog_listing_removed AFTER DELETE ON catalog_listing
WHEN OLD.discontinued = 0
BEGIN
    DELETE FROM catalog_listing_search
        WHERE rowid = (SELECT id FROM catalog_listing_on_sale WHERE service_id = OLD.service_id AND sku = OLD.sku);
    DELETE FROM catalog_listing_on_sale WHERE service_id = OLD.service_id AND sku = OLD.sku;
    UPDATE catalog_listing_total SET on_sale = on_sale - 1 WHERE service_id = OLD.service_id;
END;

-- The rows already listed (the migrator's transaction excludes every other writer meanwhile).
INSERT INTO catalog_listing_search (catalog_listing_search) VALUES ('delete-all');
DELETE FROM catalog_listing_on_sale;
DELETE FROM catalog_listing_total;
INSERT INTO catalog_listing_on_sale (service_id, sku)
    SELECT service_id, sku FROM catalog_listing WHERE discontinued = 0 ORDER BY service_id, sku;
INSERT INTO catalog_listing_search (rowid, search_text)
    SELECT o.id, l.search_text FROM catalog_listing_on_sale o
    JOIN catalog_listing l ON l.service_id = o.service_id AND l.sku = o.sku;
INSERT INTO catalog_listing_total (service_id, on_sale)
    SELECT service_id, count(*) FROM catalog_listing_on_sale GROUP BY service_id;

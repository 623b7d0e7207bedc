-- A vendor's theme for its connect pages, set by staff: a primary colour (`#rrggbb`;
-- NULL: the page's own) and whether the pages are light or dark.
ALTER TABLE vendors ADD COLUMN theme_primary TEXT;
ALTER TABLE vendors ADD COLUMN theme_appearance TEXT NOT NULL DEFAULT 'light';

CREATE SCHEMA crm;

CREATE TYPE crm.stage AS ENUM ('lead', 'won', 'lost');
CREATE DOMAIN crm.score AS integer CHECK (VALUE >= 0);
CREATE SEQUENCE crm.deal_ref_seq;

CREATE TABLE crm.deal (
    id integer CONSTRAINT deal_pkey PRIMARY KEY,
    stage crm.stage NOT NULL DEFAULT 'lead',
    score crm.score,
    amount numeric(12,2) CONSTRAINT deal_amount_check CHECK (amount >= 0)
);

CREATE INDEX deal_stage_idx ON crm.deal (stage);

CREATE FUNCTION crm.deal_total() RETURNS numeric
    LANGUAGE sql STABLE
    AS $$ SELECT coalesce(sum(amount), 0) FROM crm.deal $$;

CREATE FUNCTION crm.noop() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN RETURN NEW; END $$;

CREATE TRIGGER deal_noop BEFORE INSERT ON crm.deal FOR EACH ROW EXECUTE FUNCTION crm.noop();

CREATE VIEW crm.open_deal AS SELECT id, amount FROM crm.deal WHERE stage = 'lead';
CREATE MATERIALIZED VIEW crm.deal_stats AS SELECT stage, count(*) AS n FROM crm.deal GROUP BY stage;

ALTER TABLE crm.deal ENABLE ROW LEVEL SECURITY;
CREATE POLICY deal_all ON crm.deal USING (true);

COMMENT ON SCHEMA crm IS 'Customer relationship management';
COMMENT ON TABLE crm.deal IS 'Sales deals, one row per opportunity';
COMMENT ON COLUMN crm.deal.stage IS 'Pipeline stage';
COMMENT ON INDEX crm.deal_stage_idx IS 'For pipeline boards';
COMMENT ON CONSTRAINT deal_amount_check ON crm.deal IS 'amounts are never negative';
COMMENT ON FUNCTION crm.deal_total() IS 'Sum of all deal amounts';
COMMENT ON SEQUENCE crm.deal_ref_seq IS 'External deal references';
COMMENT ON VIEW crm.open_deal IS 'Deals still in the lead stage';
COMMENT ON TYPE crm.stage IS 'Sales pipeline stage';
COMMENT ON TRIGGER deal_noop ON crm.deal IS 'placeholder for validation';
COMMENT ON POLICY deal_all ON crm.deal IS 'everyone sees every deal for now';

-- pair: column comments: public.shipment.weight comment text changes, public.shipment.carrier gets a comment, public.shipment.eta loses its comment

CREATE TABLE public.shipment (
    id integer PRIMARY KEY,
    weight numeric(8,3),
    carrier text,
    eta date
);

COMMENT ON COLUMN public.shipment.weight IS 'Weight in kg';
COMMENT ON COLUMN public.shipment.eta IS 'Estimated arrival';

CREATE TABLE public.shipment (
    id integer PRIMARY KEY,
    weight numeric(8,3),
    carrier text,
    eta date
);

COMMENT ON COLUMN public.shipment.weight IS 'Gross weight in kilograms, including packaging';
COMMENT ON COLUMN public.shipment.carrier IS 'Carrier code, e.g. "DHL"';

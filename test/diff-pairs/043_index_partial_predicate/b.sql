CREATE TABLE public.job (
    id bigint PRIMARY KEY,
    status text NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    worker text,
    run_at timestamptz NOT NULL
);

CREATE INDEX job_pending_idx ON public.job (run_at) WHERE status = 'pending';
CREATE INDEX job_failed_idx ON public.job (id) WHERE attempts > 5 AND status = 'failed';
CREATE INDEX job_worker_idx ON public.job (worker);

INSERT INTO public.job VALUES (1, 'pending', 0, NULL, '2024-01-01 00:00:00+00'), (2, 'failed', 6, 'w1', '2024-01-01 00:00:00+00');

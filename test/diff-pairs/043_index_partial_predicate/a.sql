-- pair: partial index predicates: public.job_pending_idx becomes partial (WHERE status = 'pending'); public.job_failed_idx's predicate changes (attempts > 3 -> attempts > 5 AND status = 'failed'); public.job_worker_idx stops being partial

CREATE TABLE public.job (
    id bigint PRIMARY KEY,
    status text NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    worker text,
    run_at timestamptz NOT NULL
);

CREATE INDEX job_pending_idx ON public.job (run_at);
CREATE INDEX job_failed_idx ON public.job (id) WHERE attempts > 3;
CREATE INDEX job_worker_idx ON public.job (worker) WHERE worker IS NOT NULL;

INSERT INTO public.job VALUES (1, 'pending', 0, NULL, '2024-01-01 00:00:00+00'), (2, 'failed', 6, 'w1', '2024-01-01 00:00:00+00');

-- Carts keep a total per currency (aggregate.cart.totals). Stored carts get theirs, summed
-- from their lines as the backend sums them: a line without a currency counts in the
-- cart's, the cart's own currency comes first, amounts have two to four decimals.
UPDATE "sessions" AS s
SET "aggregate" = jsonb_set(s."aggregate", '{cart,totals}', coalesce((
  SELECT jsonb_agg(jsonb_build_object(
           'currency', t.currency,
           'value', CASE WHEN scale(trim_scale(t.units)) <= 2 THEN round(t.units, 2)::text ELSE trim_scale(t.units)::text END)
         ORDER BY t.own DESC, t.first)
  FROM (
    SELECT coalesce(l->>'currency', s."aggregate"->'cart'->>'currency') AS currency,
           sum(coalesce((l->>'price')::numeric, 0) * (l->>'quantity')::numeric) AS units,
           min(n) AS first,
           coalesce(l->>'currency', s."aggregate"->'cart'->>'currency') IS NOT DISTINCT FROM s."aggregate"->'cart'->>'currency' AS own
    FROM jsonb_array_elements(s."aggregate"->'cart'->'items') WITH ORDINALITY AS x(l, n)
    GROUP BY 1, 4
  ) AS t), '[]'::jsonb))
WHERE NOT (s."aggregate"->'cart' ? 'totals');

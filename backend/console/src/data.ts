import { createResource, type Resource } from 'solid-js';
import { type Problem, problemOf } from './api.core';
import { useConsole } from './state';

/** A read of the API for the enterprise acted in: read again when the enterprise (or `key`) changes. */
export function useRead<T, K = true>(read: (key: K) => Promise<T>, key?: () => K | false | null | undefined) {
  const state = useConsole();
  const source = () => {
    const k = key ? key() : (true as K);
    if (k === false || k === null || k === undefined) return false;
    return { enterprise: state.enterpriseId(), k };
  };
  const [data, { refetch, mutate }] = createResource(source, (s) => read(s.k as K));
  const problem = (): Problem | null => (data.error ? problemOf(data.error) : null);
  return { data: data as Resource<T | undefined>, problem, refetch, mutate };
}

/** A date and time as the viewer reads them. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  // No-break spaces: a date in a table's cell is read whole, never split over two lines.
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }).replace(/ /g, '\u00a0');
}

/** A length of time as read at a glance: seconds under a minute, then minutes. */
export function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}

/** A date alone, as the viewer reads it. */
export function day(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(undefined, { dateStyle: 'medium' }).replace(/ /g, '\u00a0');
}

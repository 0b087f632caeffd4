import { For, type JSX, Show } from 'solid-js';
import { type CandidateRow, type Change, changeText, partText } from './ranking.core';

/**
 * A ranking's candidates as the associate's side panel explains a match: rank, final score, the
 * filters passed and failed, and every rule's part in words with what it weighed and added.
 */
export function Candidates(props: { caption: string; rows: CandidateRow[]; changes?: Map<string, Change> }): JSX.Element {
  return (
    <div class="table-scroll server-table" tabindex="0" role="region" aria-label={props.caption}>
      <table class="candidates">
        <caption class="sr-only">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Associate</th>
            <th scope="col">Score</th>
            <th scope="col">Filters</th>
            <th scope="col">Parts, most telling first</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(row) => (
              <tr data-associate={row.associateId}>
                <td class="num">{row.rank ?? '—'}</td>
                <td class="strong">{row.name}</td>
                <td>
                  <span class="score" data-testid="candidate-score">
                    {row.scoreText}
                  </span>
                  <Show when={changeText(row, props.changes?.get(row.associateId))}>
                    {(t) => <span class="muted small changed"> {t()}</span>}
                  </Show>
                </td>
                <td>
                  <ul class="plain-list filters-list">
                    <Show when={row.filters.length === 0 && row.failed.length === 0}>
                      <li class="muted">No filters</li>
                    </Show>
                    <For each={row.filters}>
                      {(f) => (
                        <li>
                          <span class={`tag ${f.passed ? '' : 'warn'}`}>{f.passed ? 'Passed' : 'Failed'}</span> {f.label}
                        </li>
                      )}
                    </For>
                    <For each={row.failed.filter((f) => !row.filters.some((x) => x.label === f))}>
                      {(f) => (
                        <li>
                          <span class="tag warn">Failed</span> {f}
                        </li>
                      )}
                    </For>
                  </ul>
                </td>
                <td>
                  <ul class="plain-list parts" data-testid="candidate-parts">
                    <For each={row.parts}>
                      {(p) => (
                        <li title={p.label}>
                          <span class="part-text">{partText(p)}</span>
                          <span class="bar" aria-hidden="true">
                            <span style={{ width: `${Math.round(p.share * 100)}%` }} />
                          </span>
                        </li>
                      )}
                    </For>
                  </ul>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

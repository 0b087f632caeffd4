import { type ColumnDef, createTable, flexRender, rowSortingFeature, type SortingState, tableFeatures } from '@tanstack/solid-table';
import { type Accessor, For, type JSX, type Setter, Show } from 'solid-js';
import { nextPage, type Pager, pageNumber, previousPage } from '../pager.core';

/**
 * A table the server pages, sorts and filters: @tanstack/solid-table in manual mode, so it
 * shows the rows it is given and reports the sort the user asks for; the page owns the query.
 */
/** The table's features: sorting, always by the server (manualSorting). */
const features = tableFeatures({ rowSortingFeature });

/** No sort: one array, so the table's state does not change at each read. */
const UNSORTED: SortingState = [];

/** A column of a console table. */
export type Column<Row extends object> = ColumnDef<typeof features, Row & Record<string, any>>;

export interface ServerTableProps<Row extends object> {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  /** The server's sort; columns with `enableSorting` turn the header into a button. */
  sorting?: SortingState;
  onSortingChange?: (sorting: SortingState) => void;
  /** Paging by the server: whether there is a page before or after, and a label ("Page 2"). */
  pager?: { label: string; hasPrevious: boolean; hasNext: boolean; previous: () => void; next: () => void };
  /** Filters above the table (inputs that change the page's query). */
  filters?: JSX.Element;
  rowKey?: (row: Row) => string;
}

export function ServerTable<Row extends object>(props: ServerTableProps<Row>): JSX.Element {
  const table = createTable<typeof features, Row & Record<string, any>>({
    features,
    get data() {
      return props.rows;
    },
    get columns() {
      return props.columns;
    },
    state: {
      get sorting() {
        return props.sorting ?? UNSORTED;
      },
    },
    manualSorting: true,
    enableSortingRemoval: false,
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(props.sorting ?? UNSORTED) : updater;
      props.onSortingChange?.(next);
    },
    ...(props.rowKey ? { getRowId: (row: Row) => props.rowKey!(row) } : {}),
  });
  const ariaSort = (dir: false | 'asc' | 'desc') => (dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : undefined);
  return (
    <div class="server-table">
      <Show when={props.filters}>
        <div class="table-filters">{props.filters}</div>
      </Show>
      {/* Focusable so a keyboard can scroll a table wider than the page. */}
      <div class="table-scroll" tabindex="0" role="region" aria-label={props.caption}>
        <table>
          <caption class="sr-only">{props.caption}</caption>
          <thead>
            <For each={table.getHeaderGroups()}>
              {(group) => (
                <tr>
                  <For each={group.headers}>
                    {(header) => (
                      <th scope="col" aria-sort={ariaSort(header.column.getIsSorted())}>
                        <Show when={header.column.getCanSort() && props.onSortingChange} fallback={flexRender(header.column.columnDef.header, header.getContext())}>
                          <button type="button" class="sort" onClick={header.column.getToggleSortingHandler()}>
                            {flexRender(header.column.columnDef.header, header.getContext())}
                            <span aria-hidden="true" class="sort-mark">
                              {header.column.getIsSorted() === 'asc' ? '▲' : header.column.getIsSorted() === 'desc' ? '▼' : '↕'}
                            </span>
                          </button>
                        </Show>
                      </th>
                    )}
                  </For>
                </tr>
              )}
            </For>
          </thead>
          <tbody>
            <For each={table.getRowModel().rows}>
              {(row) => (
                <tr>
                  <For each={row.getAllCells()}>{(cell) => <td>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>}</For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={props.pager}>
        {(pager) => (
          <nav class="pager" aria-label={`${props.caption}: pages`}>
            <button type="button" disabled={!pager().hasPrevious} onClick={() => pager().previous()}>
              Previous
            </button>
            <span class="muted">{pager().label}</span>
            <button type="button" disabled={!pager().hasNext} onClick={() => pager().next()}>
              Next
            </button>
          </nav>
        )}
      </Show>
    </div>
  );
}

/** The pager of a table paged by the server's cursor (pager.core): "Page n", back by the cursors seen, on by the server's next. */
export function cursorPager(pager: Accessor<Pager>, setPager: Setter<Pager>, next: string | null): NonNullable<ServerTableProps<object>['pager']> {
  return {
    label: `Page ${pageNumber(pager())}`,
    hasPrevious: pageNumber(pager()) > 1,
    hasNext: !!next,
    previous: () => setPager(previousPage),
    next: () => setPager((p) => nextPage(p, next)),
  };
}

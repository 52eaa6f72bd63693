/** The syntax tree of the Kusto subset Resource Graph runs here. */

export type Expr =
  | { kind: 'literal'; value: unknown }
  | { kind: 'column'; name: string }
  | { kind: 'member'; target: Expr; name: string }
  | { kind: 'index'; target: Expr; index: Expr }
  | { kind: 'call'; name: string; args: Expr[] }
  | { kind: 'unary'; op: '-' | '+'; operand: Expr }
  | { kind: 'binary'; op: string; left: Expr; right: Expr }
  /** `x in (a, b)`, `in~`, `!in`, `!in~`. */
  | { kind: 'in'; op: string; left: Expr; list: Expr[] }
  | { kind: 'between'; negated: boolean; value: Expr; low: Expr; high: Expr };

/** `name = expr` or a bare expression whose column name is derived from it. */
export interface Assignment {
  name?: string;
  expr: Expr;
}

export interface SortKey {
  expr: Expr;
  descending: boolean;
  nullsFirst: boolean;
}

export interface Aggregate {
  name?: string;
  fn: string;
  args: Expr[];
}

export type Operator =
  | { kind: 'where'; predicate: Expr }
  | { kind: 'extend'; items: Assignment[] }
  | { kind: 'project'; items: Assignment[] }
  | { kind: 'project-away'; patterns: string[] }
  | { kind: 'project-rename'; renames: Array<{ to: string; from: string }> }
  | { kind: 'summarize'; aggregates: Aggregate[]; by: Assignment[] }
  | { kind: 'count' }
  | { kind: 'distinct'; items: Assignment[] }
  | { kind: 'sort'; keys: SortKey[] }
  | { kind: 'top'; count: Expr; key: SortKey }
  | { kind: 'take'; count: Expr }
  | { kind: 'mv-expand'; item: Assignment; limit?: Expr }
  | { kind: 'join'; flavor: 'inner' | 'leftouter' | 'innerunique'; right: Query; on: Array<{ left: string; right: string }> };

export interface Query {
  table: string;
  operators: Operator[];
}

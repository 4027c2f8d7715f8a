// A Satori element tree without React: the same { type, props } objects JSX would make.

export type Style = Record<string, string | number>;
export type Child = Node | string | null | false | undefined;
export interface Node {
  type: string;
  props: { style?: Style; children?: Child | Child[]; lang?: string; dir?: string };
  key: null;
}

export function h(
  type: string,
  props: { style?: Style; lang?: string; dir?: string } | null,
  ...children: Child[]
): Node {
  const kids = children.filter((c) => c !== null && c !== false && c !== undefined && c !== '');
  return { type, props: { ...props, children: kids.length === 1 ? kids[0] : kids }, key: null };
}

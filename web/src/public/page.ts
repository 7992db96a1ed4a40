/** What a public view may set on the page around it. */
export interface Page {
  /** The h1 and the document title. */
  setTitle(title: string): void;
  /** The breadcrumb trail above the h1: [href, text] from the top. */
  setCrumbs(crumbs: Array<[string, string]>): void;
  /** Replaces the view with "not found". */
  notFound(): void;
}

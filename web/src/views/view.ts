export interface View {
  el: HTMLElement;
  /** Page title (document.title and the h1). */
  title: string;
  destroy?(): void;
}

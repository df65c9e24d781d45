/** Where the Temporal Web UI is, to link each search to its workflow. */
export interface TemporalUi {
  url: string;
  namespace: string;
}

export const temporalUiWorkflowLink = (ui: TemporalUi, workflowId: string) =>
  `${ui.url.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(ui.namespace)}/workflows/${encodeURIComponent(workflowId)}`;

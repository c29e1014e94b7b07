// A helper the plugin's components share: what it writes comes from its callers.
export function saveWrapup(task, values) {
  return task.setAttributes({
    ...task.attributes,
    conversations: { ...task.attributes.conversations, ...values },
  });
}

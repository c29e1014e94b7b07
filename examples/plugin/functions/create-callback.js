// A Twilio Function that creates a callback task from the caller's request.
const CALLBACK_NUMBER = 'conversation_attribute_2';

exports.handler = async function (context, event, callback) {
  const client = context.getTwilioClient();
  const attributes = { type: 'callback', conversations: { queue: 'Callbacks' } };
  attributes.conversations[CALLBACK_NUMBER] = event.From;
  attributes.conversations.wrapup_notes = 'requested by IVR';
  await client.taskrouter.v1.workspaces(context.WORKSPACE_SID).tasks.create({
    attributes: JSON.stringify(attributes),
    workflowSid: context.WORKFLOW_SID,
  });
  return callback(null, { ok: true });
};

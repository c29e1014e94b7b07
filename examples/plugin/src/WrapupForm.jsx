// A wrap-up form: the form's fields are mapped to Insights attributes by src/insights-fields.json.
import React, { useState } from 'react';
import fields from './insights-fields.json';
import { saveWrapup } from './attributes';

export function WrapupForm({ task }) {
  const [form, setForm] = useState({});
  const submit = () => {
    const values = { outcome: 'Resolved' };
    for (const [field, attribute] of Object.entries(fields)) {
      values[attribute] = form[field];
    }
    return saveWrapup(task, values);
  };
  const onChange = (e) => setForm({ ...form, [e.target.name]: e.target.value });
  return <form onSubmit={submit}><input name="dateOfBirth" onChange={onChange} /></form>;
}

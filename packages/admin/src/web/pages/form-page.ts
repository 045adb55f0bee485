import type { AdminField, AdminFormErrors, AdminModel } from '../../data/types.js'
import { html, type Html } from '../html.js'
import { csrfField, layout, type PageContext } from './layout.js'

/** What a form shows: the values as strings, the fields set to null, the errors. */
export interface FormState {
  readonly values: Readonly<Record<string, string>>
  readonly nulls: ReadonlySet<string>
  readonly errors?: AdminFormErrors
}

/** Prefetched foreign-key choices per field (a `datalist`; the script refreshes it as one types). */
export type FormChoices = ReadonlyMap<string, readonly { readonly key: string; readonly label: string }[]>

/** The create form (`key` absent) or the edit form of a row. */
export function formPage(
  context: PageContext,
  model: AdminModel,
  state: FormState,
  choices: FormChoices,
  row?: { readonly key: string; readonly label: string },
): Html {
  const { urls } = context
  const creating = row === undefined
  const title = creating ? `New row in ${model.label}` : `Edit ${row.label}`
  const action = creating ? urls.create(model.name) : urls.edit(model.name, row.key)
  const formError = state.errors?.form
  const content = html`<p class="crumbs"><a href="${urls.list(model.name)}">${model.label}</a> /${creating ? '' : html` <a href="${urls.row(model.name, row.key)}">${row.label}</a> /`}</p>
<h1>${title}</h1>
${formError === undefined ? '' : html`<p class="error" role="alert" id="form-error">${formError}</p>`}
${state.errors !== undefined && Object.keys(state.errors.fields).length > 0 ? html`<p class="error" role="alert">Please correct the fields marked below.</p>` : ''}
<form method="post" action="${action}" class="edit" novalidate>
${csrfField(context)}
${model.fields.map((field) => fieldBlock(context, field, state, choices.get(field.name), creating))}
<div class="form-actions"><button type="submit">${creating ? 'Create' : 'Save'}</button>
<a href="${creating ? urls.list(model.name) : urls.row(model.name, row.key)}">Cancel</a></div>
</form>`
  return layout(context, title, content, model.name)
}

function fieldBlock(
  context: PageContext,
  field: AdminField,
  state: FormState,
  choices: readonly { readonly key: string; readonly label: string }[] | undefined,
  creating: boolean,
): Html {
  const id = `v-${field.name}`
  const error = state.errors?.fields[field.name]
  const errorId = `e-${field.name}`
  // Keys are written on create only, read-only fields never (`editable` says so when given).
  const readOnly = field.editable === undefined ? field.readOnly : !(creating ? field.editable.create : field.editable.update)
  const isNull = state.nulls.has(field.name)
  const hints: string[] = []
  if (readOnly) hints.push(creating && field.hasDefault ? 'set by the database' : 'read-only')
  else if (creating && field.hasDefault) hints.push('optional: the database has a default')
  if (field.kind === 'timestamp' || field.kind === 'timestamptz') hints.push('UTC')
  if (field.kind === 'json' || field.kind === 'array') hints.push('JSON')
  const hintId = `h-${field.name}`
  const described = [error === undefined ? undefined : errorId, hints.length === 0 ? undefined : hintId].filter((x) => x !== undefined)
  const common = {
    id,
    name: field.name,
    readOnly,
    describedBy: described.join(' '),
    invalid: error !== undefined,
  }
  return html`<div class="field${error === undefined ? '' : ' has-error'}">
<label for="${id}">${field.label}${field.primaryKey ? ' (key)' : ''}</label>
${input(context, field, state.values[field.name] ?? '', common, choices)}
${field.nullable && !readOnly ? html`<label class="null-choice"><input type="checkbox" name="_null" value="${field.name}" aria-label="${`${field.label}: null`}"${isNull ? html` checked` : ''}> null</label>` : ''}
${hints.length === 0 ? '' : html`<p class="hint" id="${hintId}">${hints.join('; ')}</p>`}
${error === undefined ? '' : html`<p class="field-error" id="${errorId}">${error}</p>`}
</div>`
}

interface Common {
  readonly id: string
  readonly name: string
  readonly readOnly: boolean
  readonly describedBy: string
  readonly invalid: boolean
}

/** The attributes every input shares: read-only fields are disabled (and never posted). */
function attributes(common: Common): Html {
  return html` id="${common.id}"${common.readOnly ? html` disabled` : html` name="${common.name}"`}${
    common.describedBy === '' ? '' : html` aria-describedby="${common.describedBy}"`
  }${common.invalid ? html` aria-invalid="true"` : ''}`
}

function input(
  context: PageContext,
  field: AdminField,
  value: string,
  common: Common,
  choices: readonly { readonly key: string; readonly label: string }[] | undefined,
): Html {
  const attrs = attributes(common)
  if (field.references !== undefined && !common.readOnly) {
    const listId = `dl-${field.name}`
    return html`<input type="text" autocomplete="off"${attrs} value="${value}" list="${listId}" data-choices="${context.urls.choices(field.references.model)}">
<datalist id="${listId}">${(choices ?? []).map((choice) => html`<option value="${choice.key}">${choice.label}</option>`)}</datalist>`
  }
  switch (field.kind) {
    case 'enum':
      return html`<select${attrs}>
<option value=""${value === '' ? html` selected` : ''}>—</option>
${(field.enumValues ?? []).map((option) => html`<option${option === value ? html` selected` : ''}>${option}</option>`)}
</select>`
    case 'boolean':
      // The hidden "false" posts when the box is unchecked; a checked box posts "true" after it.
      return html`${common.readOnly ? '' : html`<input type="hidden" name="${field.name}" value="false">`}<input type="checkbox"${attrs} value="true"${value === 'true' ? html` checked` : ''}>`
    case 'integer':
      return html`<input type="number" step="1"${attrs} value="${value}">`
    case 'float':
      return html`<input type="number" step="any"${attrs} value="${value}">`
    case 'bigint':
      return html`<input type="text" inputmode="numeric"${attrs} value="${value}">`
    case 'numeric':
      return html`<input type="text" inputmode="decimal"${attrs} value="${value}">`
    case 'date':
      return html`<input type="date"${attrs} value="${value}">`
    case 'timestamp':
    case 'timestamptz':
      return html`<input type="datetime-local" step="0.001"${attrs} value="${value}">`
    case 'time':
      return html`<input type="time" step="1"${attrs} value="${value}">`
    case 'json':
    case 'array':
      return html`<textarea rows="6" spellcheck="false" class="json"${attrs}>${value}</textarea>`
    default:
      return html`<input type="text"${attrs} value="${value}"${field.maxLength === undefined ? '' : html` maxlength="${field.maxLength}"`}>`
  }
}

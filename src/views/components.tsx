import type { Child } from 'hono/jsx';

type FieldProps = {
  name: string;
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  children: (aria: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: 'true' }) => Child;
};

/** A labelled form field with its hint and its error, wired for screen readers. */
export function Field({ name, label, error, hint, children }: FieldProps) {
  const id = `f-${name}`;
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{label}</label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children({ id, ...(described ? { 'aria-describedby': described } : {}), ...(error ? { 'aria-invalid': 'true' } : {}) })}
      {error ? (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The summary at the top of a form that failed, focusable so it is announced. */
export function ErrorSummary({ message }: { message?: string | undefined }) {
  if (!message) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      {message}
    </div>
  );
}

/** A short word that something went through, announced to screen readers. */
export function Notice({ message }: { message?: string | undefined }) {
  if (!message) return null;
  return (
    <p class="notice" role="status">
      {message}
    </p>
  );
}

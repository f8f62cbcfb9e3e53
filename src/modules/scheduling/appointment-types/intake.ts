/*
 * Intake questions, pure: what a type may ask and whether a booking's answers fit. The prompts
 * are the doctor's and public; the answers are health data (encrypted by the repository).
 */
import type { FieldError } from '../../../common/errors/app-error.js';
import type { IntakeQuestionJson } from '../../../db/schema/scheduling.js';

export type IntakeQuestion = IntakeQuestionJson;
export type IntakeAnswerValue = string | boolean;

/** One answer as stored and shown: the question as it was asked, and the answer. */
export interface IntakeAnswer {
  questionId: string;
  question: string;
  answer: IntakeAnswerValue;
}

export const MAX_INTAKE_QUESTIONS = 20;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The answers to store for `questions`, or the field errors: a required question without an
 * answer, an answer of the wrong kind, an option not offered, an unknown question.
 */
export function checkIntakeAnswers(
  questions: readonly IntakeQuestion[],
  given: readonly { questionId: string; answer: IntakeAnswerValue }[],
  field = 'intakeAnswers',
): { ok: true; answers: IntakeAnswer[] } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const byId = new Map<string, IntakeAnswerValue>();
  given.forEach((a, i) => {
    if (!questions.some((q) => q.id === a.questionId)) errors.push({ field: `${field}.${i}.questionId`, message: 'is not a question of this appointment type' });
    else if (byId.has(a.questionId)) errors.push({ field: `${field}.${i}.questionId`, message: 'is answered twice' });
    else byId.set(a.questionId, a.answer);
  });
  const answers: IntakeAnswer[] = [];
  for (const q of questions) {
    const at = `${field}.${q.id}`;
    const answer = byId.get(q.id);
    if (answer === undefined || answer === '') {
      if (q.required) errors.push({ field: at, message: 'is required' });
      continue;
    }
    const problem = kindProblem(q, answer);
    if (problem) errors.push({ field: at, message: problem });
    else answers.push({ questionId: q.id, question: q.text, answer });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, answers };
}

function kindProblem(q: IntakeQuestion, answer: IntakeAnswerValue): string | null {
  switch (q.kind) {
    case 'yes_no':
      return typeof answer === 'boolean' ? null : 'must be true or false';
    case 'text':
      return typeof answer === 'string' ? null : 'must be text';
    case 'single_choice':
      return typeof answer === 'string' && (q.options ?? []).includes(answer) ? null : 'must be one of the offered options';
    case 'date':
      return typeof answer === 'string' && DATE.test(answer) && !Number.isNaN(Date.parse(`${answer}T00:00:00Z`)) && new Date(`${answer}T00:00:00Z`).toISOString().startsWith(answer)
        ? null
        : 'must be a date (YYYY-MM-DD)';
  }
}

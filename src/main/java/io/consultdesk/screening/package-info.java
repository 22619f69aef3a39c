/**
 * Screening instruments (PHQ-9, PHQ-8, GAD-7), their scoring, the pre-treatment safety questions and the staff
 * triage built on them — as pure functions, with no web or database types (see
 * {@code /work/shared/domain/screening.md}).
 *
 * <p>Nothing here is a diagnosis: wherever a score or band is shown, say "screening result, not a diagnosis".
 * Triage flags inform a human at the clinic; they never reject or discourage a visitor, and nothing here ever
 * produces a "low risk" verdict — a negative PHQ-9 item 9 is no reassurance.
 */
package io.consultdesk.screening;

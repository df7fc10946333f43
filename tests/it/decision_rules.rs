//! One test per rule of content/decision.yaml: a tree that breaks it is rejected, with an error
//! that names decision.yaml, the line and the node. The base tree keeps every rule.

use backguide::content::SourceFile;
use backguide::decision;
use backguide::diagnostic::Diagnostic;
use backguide::links::LinkIndex;
use std::collections::BTreeSet;

const BASE: &str = r#"title: What should I do now?
intro: Answer a few questions.
start: red
findings:
  bladder_bowel_loss:
    label: Trouble controlling when you pee or poo
    red_flag: true
  saddle_numbness:
    label: Numb groin
    red_flag: true
  progressive_leg_weakness:
    label: Legs getting weaker
    red_flag: true
  bladder_bowel_change:
    label: Hard to pee
    red_flag: true
  sexual_function_change:
    label: Sex changes
    red_flag: true
  bilateral_leg_symptoms:
    label: Both legs
    red_flag: true
  major_trauma:
    label: Big accident
    red_flag: true
  chest_pain:
    label: Chest pain
    red_flag: true
  fever_unwell:
    label: Fever
  weight_loss:
    label: Weight loss
  cancer_history:
    label: Cancer
  night_pain:
    label: Night pain
  fragile_bones_injury:
    label: Weak bones
  cough_sneeze_worse:
    label: Cough
  lump_or_shape_change:
    label: Lump
  upper_back_pain:
    label: Upper back
  radiating_leg:
    label: Into the leg
  radiating_below_knee:
    label: Pain below the knee
  leg_numbness_tingling:
    label: Tingling
  severe_unrelenting:
    label: Severe pain
  sharp_localized:
    label: Sharp pain
  sudden_onset:
    label: Sudden
  worse_with_movement:
    label: Worse moving
  delayed_onset:
    label: Later
  dull_generalized:
    label: Dull
  eases_with_movement:
    label: Eases moving
nodes:
  red:
    type: question
    text: Any red flags?
    answers:
      - label: "Yes"
        findings: [bladder_bowel_loss, saddle_numbness, progressive_leg_weakness, bladder_bowel_change, sexual_function_change, bilateral_leg_symptoms, major_trauma, chest_pain]
        next: emergency
      - label: "No"
        next: nerve
      - label: Not sure
        unsure: true
        next: emergency
  nerve:
    type: question
    text: Nerve signs?
    answers:
      - label: "Yes"
        findings: [radiating_below_knee, leg_numbness_tingling, severe_unrelenting, fever_unwell, weight_loss, cancer_history, night_pain, fragile_bones_injury, cough_sneeze_worse, lump_or_shape_change, upper_back_pain, radiating_leg]
        next: urgent
      - label: "No"
        next: sore
      - label: Not sure
        unsure: true
        next: urgent
  sore:
    type: question
    text: How does it feel?
    answers:
      - label: Sharp
        findings: [sharp_localized, sudden_onset, worse_with_movement]
        next: routine
      - label: Dull
        findings: [delayed_onset, dull_generalized, eases_with_movement]
        next: self-care
      - label: Not sure
        unsure: true
        next: routine
  emergency:
    type: outcome
    tier: emergency
    title: Call now
    body: Call your emergency number.
    links:
      - warning-signs/cauda-equina.html
  urgent:
    type: outcome
    tier: urgent
    title: Get help today
    body: See a doctor today.
    links:
      - warning-signs/pain-down-the-leg.html
  routine:
    type: outcome
    tier: routine
    title: Rest
    body: Rest and care.
    links:
      - causes/muscle-strain.html
  self-care:
    type: outcome
    tier: self-care
    title: Soreness
    body: Keep moving gently.
    links:
      - causes/doms.html#how-it-feels
"#;

/// The pages the links above may point at.
fn index() -> LinkIndex {
    let mut index = LinkIndex::default();
    for page in [
        "warning-signs/cauda-equina.html",
        "warning-signs/pain-down-the-leg.html",
        "causes/muscle-strain.html",
    ] {
        index.add_output(page, BTreeSet::new());
    }
    index.add_output(
        "causes/doms.html",
        BTreeSet::from(["how-it-feels".to_string()]),
    );
    index
}

/// Load and check `yaml`: every error, and the warnings.
fn run(yaml: &str) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let file = SourceFile {
        path: "content/decision.yaml".into(),
        text: yaml.into(),
    };
    match decision::load(&file) {
        Err(errors) => (errors, Vec::new()),
        Ok(tree) => {
            let d = decision::check(&tree, &index());
            (d.errors, d.warnings)
        }
    }
}

/// `BASE` with `from` replaced by `to` (which must occur).
fn edit(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "the base tree has no {from:?}");
    BASE.replacen(from, to, 1)
}

/// 1-based line of the first line of `BASE`-derived `yaml` containing `needle`, from `after`.
fn line_of(yaml: &str, needle: &str, after: &str) -> usize {
    let start = yaml.find(after).expect("anchor text");
    let offset = start + yaml[start..].find(needle).expect("needle");
    yaml[..offset].matches('\n').count() + 1
}

/// The one error whose message contains `needle`; fails with every error if there is none.
fn error<'a>(errors: &'a [Diagnostic], needle: &str) -> &'a Diagnostic {
    errors
        .iter()
        .find(|e| e.message.contains(needle))
        .unwrap_or_else(|| panic!("no error containing {needle:?}; errors: {errors:#?}"))
}

fn assert_names(e: &Diagnostic, node: &str, line: usize) {
    assert_eq!(e.file, "content/decision.yaml", "{e}");
    assert!(e.message.contains(&format!("`{node}`")), "{e}");
    assert_eq!(e.line, Some(line), "{e}");
}

#[test]
fn the_base_tree_keeps_every_rule() {
    let (errors, warnings) = run(BASE);
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(warnings.is_empty(), "{warnings:#?}");
}

#[test]
fn an_answer_leading_to_an_unknown_node_is_rejected() {
    let yaml = edit("        next: nerve\n", "        next: nerves\n");
    let (errors, _) = run(&yaml);
    let e = error(&errors, "`nerves`, which is not a node");
    assert_names(e, "red", line_of(&yaml, "- label: \"No\"", "  red:"));
    // With an unknown node, `nerve` is also unreachable.
    error(&errors, "node `nerve` is unreachable");
}

#[test]
fn an_unknown_finding_is_rejected() {
    let yaml = edit("findings: [sharp_localized,", "findings: [sharp_localised,");
    let (errors, _) = run(&yaml);
    let e = error(&errors, "`sharp_localised`, which is not in `findings`");
    assert_names(e, "sore", line_of(&yaml, "- label: Sharp", "  sore:"));
}

#[test]
fn an_unreachable_node_is_rejected() {
    let yaml = format!(
        "{BASE}  orphan:\n    type: outcome\n    tier: routine\n    title: O\n    body: B\n    links: [causes/muscle-strain.html]\n"
    );
    let (errors, _) = run(&yaml);
    let e = error(&errors, "is unreachable");
    assert_names(e, "orphan", line_of(&yaml, "  orphan:", "nodes:"));
    assert_eq!(errors.len(), 1, "{errors:#?}");
}

#[test]
fn a_cycle_is_rejected() {
    // nerve → sore → nerve
    let yaml = edit(
        "      - label: Not sure\n        unsure: true\n        next: routine\n",
        "      - label: Not sure\n        unsure: true\n        next: nerve\n",
    );
    let (errors, _) = run(&yaml);
    let e = error(&errors, "cycle");
    assert!(e.message.contains("nerve → sore → nerve"), "{e}");
    assert_names(e, "nerve", line_of(&yaml, "  nerve:", "nodes:"));
}

#[test]
fn a_question_with_fewer_than_two_answers_is_rejected() {
    let yaml = edit(
        "      - label: \"No\"\n        next: sore\n      - label: Not sure\n        unsure: true\n        next: urgent\n",
        "",
    );
    let yaml = yaml.replace(
        "      - label: \"No\"\n        next: nerve\n",
        "      - label: \"No\"\n        next: nerve\n      - label: Maybe\n        next: sore\n",
    );
    let (errors, _) = run(&yaml);
    let e = error(&errors, "at least two answers");
    assert_names(e, "nerve", line_of(&yaml, "  nerve:", "nodes:"));
}

#[test]
fn an_outcome_with_no_links_is_rejected() {
    let yaml = edit(
        "    links:\n      - causes/muscle-strain.html\n",
        "    links: []\n",
    );
    let (errors, _) = run(&yaml);
    let e = error(&errors, "needs at least one link");
    assert_names(e, "routine", line_of(&yaml, "  routine:", "nodes:"));
}

#[test]
fn a_broken_outcome_link_is_rejected_at_its_line() {
    let yaml = edit(
        "causes/doms.html#how-it-feels",
        "causes/doms.html#how-it-looks",
    );
    let (errors, _) = run(&yaml);
    let e = error(&errors, "broken link `causes/doms.html#how-it-looks`");
    assert!(e.message.contains("no anchor"), "{e}");
    assert_names(
        e,
        "self-care",
        line_of(&yaml, "causes/doms.html", "  self-care:"),
    );

    let yaml = edit(
        "      - causes/muscle-strain.html\n",
        "      - /causes/muscle-strain.html\n",
    );
    let (errors, _) = run(&yaml);
    error(&errors, "broken link `/causes/muscle-strain.html`");
}

#[test]
fn red_flag_questions_must_come_first() {
    // Start with the nerve question; its "No" leads to the red-flag question.
    let yaml = edit("start: red", "start: nerve")
        .replace("        next: sore\n      - label: Not sure\n        unsure: true\n        next: urgent\n",
                 "        next: red\n      - label: Not sure\n        unsure: true\n        next: emergency\n")
        .replace("        next: nerve\n", "        next: sore\n");
    let (errors, _) = run(&yaml);
    let e = error(
        &errors,
        "asks about a red flag, but a path reaches it after `nerve`",
    );
    assert_names(e, "red", line_of(&yaml, "  red:", "nodes:"));
    // Starting at `nerve` also leaves every red flag off the start question (its own rule).
    let others: Vec<_> = errors
        .iter()
        .filter(|e| !e.message.contains("no answer of the start question"))
        .collect();
    assert_eq!(others.len(), 1, "{errors:#?}");
}

#[test]
fn every_red_flag_is_an_answer_of_the_start_question() {
    // `chest_pain` moves from the start question to the nerve question (whose answer still leads
    // straight to an emergency outcome): one tap no longer reaches it.
    let yaml = edit(" major_trauma, chest_pain]\n", " major_trauma]\n").replace(
        "      - label: \"No\"\n        next: sore\n",
        "      - label: \"No\"\n        next: sore\n      - label: Chest pain\n        findings: [chest_pain]\n        next: emergency\n",
    );
    let (errors, _) = run(&yaml);
    let e = error(&errors, "no answer of the start question `red` asserts it");
    assert_eq!(e.file, "content/decision.yaml", "{e}");
    assert!(
        e.message.contains("finding `chest_pain` is a red flag"),
        "{e}"
    );
    assert_eq!(e.line, Some(line_of(&yaml, "  chest_pain:", "findings:")));
    // The nerve question now asks about a red flag after the start question asked about one,
    // which "red flags first" allows: only this rule (and, as the nerve question's "Not sure"
    // now lowers urgency, that one) is broken.
    assert!(
        !errors.iter().any(|e| e.message.contains("must come first")),
        "{errors:#?}"
    );

    // A red flag no answer asserts at all is an error too, not only a warning.
    let yaml = edit(" major_trauma, chest_pain]\n", " major_trauma]\n");
    let (errors, warnings) = run(&yaml);
    let e = error(&errors, "finding `chest_pain` is a red flag, but no answer");
    assert_eq!(e.line, Some(line_of(&yaml, "  chest_pain:", "findings:")));
    assert!(warnings
        .iter()
        .any(|w| w.message.contains("`chest_pain` is never asserted")));

    // The rule reads `red_flag: true`, not a fixed list: a new red flag of the author's own
    // must be on the start question too.
    let yaml = edit(
        "  eases_with_movement:\n    label: Eases moving\n",
        "  eases_with_movement:\n    label: Eases moving\n  foot_drop:\n    label: Foot drop\n    red_flag: true\n",
    )
    .replace(
        "        findings: [sharp_localized, sudden_onset, worse_with_movement]\n        next: routine\n",
        "        findings: [sharp_localized, sudden_onset, worse_with_movement]\n        next: routine\n      - label: Foot drop\n        findings: [foot_drop]\n        next: emergency\n",
    );
    let (errors, _) = run(&yaml);
    let e = error(&errors, "finding `foot_drop` is a red flag, but no answer");
    assert_eq!(e.line, Some(line_of(&yaml, "  foot_drop:", "findings:")));
}

#[test]
fn a_red_flag_answer_must_lead_straight_to_an_emergency_outcome() {
    let yaml = edit(
        "        findings: [bladder_bowel_loss, saddle_numbness, progressive_leg_weakness, bladder_bowel_change, sexual_function_change, bilateral_leg_symptoms, major_trauma, chest_pain]\n        next: emergency\n",
        "        findings: [bladder_bowel_loss, saddle_numbness, progressive_leg_weakness, bladder_bowel_change, sexual_function_change, bilateral_leg_symptoms, major_trauma, chest_pain]\n        next: urgent\n",
    );
    let (errors, _) = run(&yaml);
    let e = error(&errors, "must lead straight to an emergency outcome");
    assert!(
        e.message.contains("not to `urgent` (a urgent outcome)"),
        "{e}"
    );
    assert_names(e, "red", line_of(&yaml, "- label: \"Yes\"", "  red:"));

    // Through another question is not straight there, even if it ends in an emergency.
    let yaml = edit(
        "        findings: [bladder_bowel_loss, saddle_numbness, progressive_leg_weakness, bladder_bowel_change, sexual_function_change, bilateral_leg_symptoms, major_trauma, chest_pain]\n        next: emergency\n",
        "        findings: [bladder_bowel_loss, saddle_numbness, progressive_leg_weakness, bladder_bowel_change, sexual_function_change, bilateral_leg_symptoms, major_trauma, chest_pain]\n        next: nerve\n",
    );
    let (errors, _) = run(&yaml);
    error(&errors, "not to `nerve` (a question)");
}

#[test]
fn an_unsure_answer_must_never_lower_urgency() {
    let yaml = edit(
        "      - label: Not sure\n        unsure: true\n        next: routine\n",
        "      - label: Not sure\n        unsure: true\n        next: self-care\n",
    );
    let (errors, _) = run(&yaml);
    let e = error(
        &errors,
        "unsure answer \"Not sure\" can lead to a self-care outcome",
    );
    assert!(e.message.contains("can lead to routine"), "{e}");
    assert_names(e, "sore", line_of(&yaml, "- label: Not sure", "  sore:"));
    assert_eq!(errors.len(), 1, "{errors:#?}");

    // Through a question that can still end in self-care is lowering it too.
    let yaml = edit(
        "      - label: Not sure\n        unsure: true\n        next: urgent\n",
        "      - label: Not sure\n        unsure: true\n        next: sore\n",
    );
    let (errors, _) = run(&yaml);
    let e = error(&errors, "unsure answer");
    assert_names(e, "nerve", line_of(&yaml, "- label: Not sure", "  nerve:"));
}

#[test]
fn any_finding_ids_will_do_but_one_must_be_a_red_flag() {
    // The tree's own ids: none is fixed by the tool.
    let renamed = BASE.replace("saddle_numbness", "numb_seat_area");
    let (errors, _) = run(&renamed);
    assert!(errors.is_empty(), "{errors:#?}");

    let yaml = BASE.replace("red_flag: true", "red_flag: false");
    let (errors, _) = run(&yaml);
    let e = error(&errors, "no finding is marked `red_flag: true`");
    assert_eq!(e.line, Some(line_of(&yaml, "findings:", "start:")));
}

#[test]
fn the_start_must_be_a_question_that_exists() {
    let (errors, _) = run(&edit("start: red", "start: redd"));
    let e = error(&errors, "start `redd` is not a node");
    assert_eq!(e.line, Some(3));
    let (errors, _) = run(&edit("start: red", "start: routine"));
    error(&errors, "start `routine` is an outcome");
}

#[test]
fn node_ids_are_unique_file_names() {
    let yaml = format!(
        "{BASE}  routine:\n    type: outcome\n    tier: routine\n    title: O\n    body: B\n    links: [causes/muscle-strain.html]\n"
    );
    let (errors, _) = run(&yaml);
    let e = error(&errors, "node `routine` is defined twice");
    assert_eq!(e.line, Some(yaml.lines().count() - 5));

    let (errors, _) = run(&edit("  sore:\n", "  Sore_Q:\n").replace("next: sore", "next: Sore_Q"));
    error(
        &errors,
        "node `Sore_Q`: ids use only a-z, 0-9 and single hyphens",
    );

    let (errors, _) =
        run(&edit("  sore:\n", "  flowchart:\n").replace("next: sore", "next: flowchart"));
    error(&errors, "node `flowchart`: this id is taken");
}

#[test]
fn fields_are_checked_per_type() {
    let yaml = edit(
        "    text: How does it feel?\n",
        "    text: How does it feel?\n    tier: urgent\n",
    );
    let (errors, _) = run(&yaml);
    let e = error(&errors, "`tier` does not belong to a question");
    assert_names(e, "sore", line_of(&yaml, "tier: urgent", "  sore:"));

    let yaml = edit("    title: Rest\n", "");
    let (errors, _) = run(&yaml);
    let e = error(&errors, "node `routine` has no `title`");
    assert_eq!(e.line, Some(line_of(&yaml, "  routine:", "nodes:")));

    let yaml = edit("        next: sore\n", "");
    let (errors, _) = run(&yaml);
    let e = error(&errors, "node `nerve`, answer 2 has no `next`");
    assert_eq!(e.line, Some(line_of(&yaml, "- label: \"No\"", "  nerve:")));

    let (errors, _) = run(&edit(
        "    text: Nerve signs?\n",
        "    text: Nerve signs?\n    txet: typo\n",
    ));
    error(&errors, "unknown field `txet`");
}

#[test]
fn outcome_bodies_hold_no_links() {
    let yaml = edit(
        "    body: Rest and care.\n",
        "    body: Rest and [care](../recovery/rest.md).\n",
    );
    let (errors, _) = run(&yaml);
    let e = error(&errors, "link `../recovery/rest.md` in `body`");
    assert_names(
        e,
        "routine",
        line_of(&yaml, "body: Rest and [care]", "  routine:"),
    );
}

#[test]
fn an_unused_finding_is_a_warning() {
    let yaml = edit(
        "findings: [sharp_localized, sudden_onset, worse_with_movement]",
        "findings: [sharp_localized, sudden_onset]",
    );
    let (errors, warnings) = run(&yaml);
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(
        warnings.iter().any(|w| w
            .message
            .contains("`worse_with_movement` is never asserted")),
        "{warnings:#?}"
    );
}

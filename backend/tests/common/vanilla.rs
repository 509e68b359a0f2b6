//! The blocks of vanilla Scratch 3, to check that a project uses no others.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

/// Opcodes of the blocks that vanilla Scratch 3 offers in its palette
/// (scratch-blocks' default toolbox), plus the blocks the editor makes for
/// custom blocks and their arguments.
pub const VANILLA_OPCODES: &[&str] = &[
    "motion_movesteps", "motion_turnright", "motion_turnleft", "motion_goto", "motion_gotoxy", "motion_glideto",
    "motion_glidesecstoxy", "motion_pointindirection", "motion_pointtowards", "motion_changexby", "motion_setx",
    "motion_changeyby", "motion_sety", "motion_ifonedgebounce", "motion_setrotationstyle", "motion_xposition",
    "motion_yposition", "motion_direction", "looks_sayforsecs", "looks_say", "looks_thinkforsecs", "looks_think",
    "looks_switchcostumeto", "looks_nextcostume", "looks_switchbackdropto", "looks_nextbackdrop",
    "looks_changesizeby", "looks_setsizeto", "looks_changeeffectby", "looks_seteffectto",
    "looks_cleargraphiceffects", "looks_show", "looks_hide", "looks_gotofrontback", "looks_goforwardbackwardlayers",
    "looks_costumenumbername", "looks_backdropnumbername", "looks_size", "sound_playuntildone", "sound_play",
    "sound_stopallsounds", "sound_changeeffectby", "sound_seteffectto", "sound_cleareffects",
    "sound_changevolumeby", "sound_setvolumeto", "sound_volume", "event_whenflagclicked", "event_whenkeypressed",
    "event_whenthisspriteclicked", "event_whenbackdropswitchesto", "event_whengreaterthan",
    "event_whenbroadcastreceived", "event_broadcast", "event_broadcastandwait", "control_wait", "control_repeat",
    "control_forever", "control_if", "control_if_else", "control_wait_until", "control_repeat_until",
    "control_stop", "control_start_as_clone", "control_create_clone_of", "control_delete_this_clone",
    "sensing_touchingobject", "sensing_touchingcolor", "sensing_coloristouchingcolor", "sensing_distanceto",
    "sensing_askandwait", "sensing_answer", "sensing_keypressed", "sensing_mousedown", "sensing_mousex",
    "sensing_mousey", "sensing_setdragmode", "sensing_loudness", "sensing_timer", "sensing_resettimer",
    "sensing_of", "sensing_current", "sensing_dayssince2000", "sensing_username", "operator_add",
    "operator_subtract", "operator_multiply", "operator_divide", "operator_random", "operator_gt", "operator_lt",
    "operator_equals", "operator_and", "operator_or", "operator_not", "operator_join", "operator_letter_of",
    "operator_length", "operator_contains", "operator_mod", "operator_round", "operator_mathop",
    "data_setvariableto", "data_changevariableby", "data_showvariable", "data_hidevariable", "data_addtolist",
    "data_deleteoflist", "data_deletealloflist", "data_insertatlist", "data_replaceitemoflist", "data_itemoflist",
    "data_itemnumoflist", "data_lengthoflist", "data_listcontainsitem", "data_showlist", "data_hidelist",
    "procedures_definition", "procedures_prototype", "procedures_call", "argument_reporter_string_number",
    "argument_reporter_boolean",
];

/// Returns the opcodes of every block in a .sb3 or .sprite3.
pub fn opcodes(path: &Path) -> BTreeSet<String> {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let name = if path.extension().unwrap() == "sb3" { "project.json" } else { "sprite.json" };
    let mut json = String::new();
    archive.by_name(name).unwrap().read_to_string(&mut json).unwrap();
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let targets = match json.get("targets") {
        Some(targets) => targets.as_array().unwrap().clone(),
        None => vec![json],
    };
    let mut found = BTreeSet::new();
    for target in targets {
        for block in target["blocks"].as_object().unwrap().values() {
            // Variables and lists placed loose on the workspace are arrays.
            if let Some(opcode) = block.get("opcode").and_then(|opcode| opcode.as_str()) {
                found.insert(opcode.to_string());
            }
        }
    }
    found
}

/// Checks that the .sb3 or .sprite3 at `path` uses only vanilla blocks.
pub fn assert_vanilla_opcodes(path: &Path) {
    let used = opcodes(path);
    let name = path.display();
    assert!(used.len() > 10, "{name}: only {} opcodes found", used.len());
    let foreign: Vec<&String> = used.iter().filter(|opcode| !VANILLA_OPCODES.contains(&opcode.as_str())).collect();
    assert!(foreign.is_empty(), "{name} uses blocks vanilla Scratch lacks: {foreign:?}");
}

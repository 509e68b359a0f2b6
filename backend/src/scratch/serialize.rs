//! Writes a `Sprite` as Scratch 3 JSON: the sprite target, and a project
//! (stage plus sprite plus monitors) around it.
//!
//! Block ids are `b1`, `b2`, ... in creation order; variable and list ids are
//! derived from their index, so the same sprite always serializes the same.

use serde_json::{json, Map, Value as Json};

use super::*;

/// The costume every sprite wears: a small speaker glyph.
pub const SPRITE_COSTUME_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="0 0 48 48"><rect x="4" y="4" width="40" height="40" rx="8" fill="#855cd6" stroke="#5b3fa8" stroke-width="2"/><text x="24" y="31" font-family="monospace" font-size="16" text-anchor="middle" fill="#ffffff">C</text></svg>"##;
/// The stage's backdrop: plain white.
pub const BACKDROP_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="480" height="360" viewBox="0 0 480 360"><rect width="480" height="360" fill="#ffffff"/></svg>"##;

pub fn variable_id(id: VariableId) -> String {
    format!("var{id}")
}

pub fn list_id(id: ListId) -> String {
    format!("list{id}")
}

/// The literal type an input slot expects: Scratch's primitive type codes.
#[derive(Clone, Copy)]
enum Slot {
    Number = 4,
    Integer = 7,
    Text = 10,
}

struct Writer<'a> {
    sprite: &'a Sprite,
    blocks: Map<String, Json>,
    next_id: usize,
    /// Whether blocks are hidden in the editor (all placed far off-screen).
    hidden: bool,
}

fn format_number(value: f64) -> String {
    if value == 0.0 && value.is_sign_negative() {
        // Scratch reads "-0" as -0, which C code may tell from 0 (1 / x).
        "-0".to_string()
    } else if value.is_finite() && value == value.trunc() && value.abs() < 1e21 {
        format!("{}", value as i128)
    } else if value.is_nan() {
        "NaN".to_string()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
    } else {
        format!("{value}")
    }
}

/// Beyond 2^53 not every whole number is a double, so larger ones keep the
/// double's own notation.
const MAX_EXACT_INTEGER: f64 = 9_007_199_254_740_992.0;

fn value_json(value: &Value) -> Json {
    match value {
        // JSON.stringify, which TurboWarp's packager applies to a loaded
        // project, writes -0 as 0; the text "-0" keeps the sign.
        Value::Number(number) if *number == 0.0 && number.is_sign_negative() => json!("-0"),
        // A whole number is written without ".0": both read the same number,
        // and memory is mostly whole numbers, so project.json gets shorter.
        Value::Number(number) if number.fract() == 0.0 && number.abs() <= MAX_EXACT_INTEGER => json!(*number as i64),
        Value::Number(number) if number.is_finite() => json!(number),
        Value::Number(number) => json!(format_number(*number)),
        Value::Text(text) => json!(text),
    }
}

impl<'a> Writer<'a> {
    fn new_id(&mut self) -> String {
        self.next_id += 1;
        format!("b{}", self.next_id)
    }

    fn insert(&mut self, id: &str, opcode: &str, parent: Option<&str>, inputs: Map<String, Json>, fields: Map<String, Json>) {
        self.blocks.insert(
            id.to_string(),
            json!({
                "opcode": opcode,
                "next": null,
                "parent": parent,
                "inputs": inputs,
                "fields": fields,
                "shadow": false,
                "topLevel": false,
            }),
        );
    }

    fn block_mut(&mut self, id: &str) -> &mut Map<String, Json> {
        self.blocks.get_mut(id).and_then(Json::as_object_mut).expect("block was inserted")
    }

    /// Serializes a reporter into an input slot and returns the input's JSON.
    fn input(&mut self, expr: &Expr, slot: Slot, parent: &str) -> Json {
        match expr {
            Expr::Number(value) => json!([1, [slot as u8, format_number(*value)]]),
            Expr::Text(text) => json!([1, [Slot::Text as u8, text]]),
            Expr::Variable(id) => {
                let variable = &self.sprite.variables[*id];
                json!([3, [12, variable.name, variable_id(*id)], [slot as u8, ""]])
            }
            _ => {
                let id = self.reporter(expr, parent);
                json!([3, id, [slot as u8, ""]])
            }
        }
    }

    /// Serializes a reporter into a boolean slot. A non-boolean value (an i1
    /// held in a variable as 0/1 or false/true) becomes `value > 0`.
    fn condition(&mut self, expr: &Expr, parent: &str) -> Json {
        let boolean;
        let expr = if expr.is_boolean() {
            expr
        } else {
            boolean = Expr::compare(CompareOp::Gt, expr.clone(), Expr::Number(0.0));
            &boolean
        };
        let id = self.reporter(expr, parent);
        json!([2, id])
    }

    fn reporter(&mut self, expr: &Expr, parent: &str) -> String {
        let id = self.new_id();
        let mut inputs = Map::new();
        let mut fields = Map::new();
        let opcode = match expr {
            Expr::Number(_) | Expr::Text(_) | Expr::Variable(_) => {
                // A literal or variable in a reporter position of its own:
                // wrap it so that it is a block (join with nothing).
                inputs.insert("STRING1".into(), self.input(expr, Slot::Text, &id));
                inputs.insert("STRING2".into(), json!([1, [10, ""]]));
                "operator_join"
            }
            Expr::Argument(name) => {
                fields.insert("VALUE".into(), json!([name, null]));
                "argument_reporter_string_number"
            }
            Expr::Arithmetic(op, lhs, rhs) => {
                inputs.insert("NUM1".into(), self.input(lhs, Slot::Number, &id));
                inputs.insert("NUM2".into(), self.input(rhs, Slot::Number, &id));
                match op {
                    ArithmeticOp::Add => "operator_add",
                    ArithmeticOp::Subtract => "operator_subtract",
                    ArithmeticOp::Multiply => "operator_multiply",
                    ArithmeticOp::Divide => "operator_divide",
                    ArithmeticOp::Mod => "operator_mod",
                }
            }
            Expr::Compare(op, lhs, rhs) => {
                inputs.insert("OPERAND1".into(), self.input(lhs, Slot::Text, &id));
                inputs.insert("OPERAND2".into(), self.input(rhs, Slot::Text, &id));
                match op {
                    CompareOp::Lt => "operator_lt",
                    CompareOp::Gt => "operator_gt",
                    CompareOp::Equals => "operator_equals",
                }
            }
            Expr::And(lhs, rhs) | Expr::Or(lhs, rhs) => {
                let lhs_input = self.condition(lhs, &id);
                let rhs_input = self.condition(rhs, &id);
                inputs.insert("OPERAND1".into(), lhs_input);
                inputs.insert("OPERAND2".into(), rhs_input);
                if matches!(expr, Expr::And(..)) {
                    "operator_and"
                } else {
                    "operator_or"
                }
            }
            Expr::Not(value) => {
                let input = self.condition(value, &id);
                inputs.insert("OPERAND".into(), input);
                "operator_not"
            }
            Expr::Math(function, value) => {
                inputs.insert("NUM".into(), self.input(value, Slot::Number, &id));
                fields.insert("OPERATOR".into(), json!([function.field(), null]));
                "operator_mathop"
            }
            Expr::Round(value) => {
                inputs.insert("NUM".into(), self.input(value, Slot::Number, &id));
                "operator_round"
            }
            Expr::ItemOfList(list, index) => {
                inputs.insert("INDEX".into(), self.input(index, Slot::Integer, &id));
                fields.insert("LIST".into(), json!([self.sprite.lists[*list].name, list_id(*list)]));
                "data_itemoflist"
            }
            Expr::LengthOfList(list) => {
                fields.insert("LIST".into(), json!([self.sprite.lists[*list].name, list_id(*list)]));
                "data_lengthoflist"
            }
            Expr::Join(lhs, rhs) => {
                inputs.insert("STRING1".into(), self.input(lhs, Slot::Text, &id));
                inputs.insert("STRING2".into(), self.input(rhs, Slot::Text, &id));
                "operator_join"
            }
            Expr::LetterOf(index, text) => {
                inputs.insert("LETTER".into(), self.input(index, Slot::Integer, &id));
                inputs.insert("STRING".into(), self.input(text, Slot::Text, &id));
                "operator_letter_of"
            }
            Expr::LengthOfText(text) => {
                inputs.insert("STRING".into(), self.input(text, Slot::Text, &id));
                "operator_length"
            }
            Expr::Timer => "sensing_timer",
            Expr::Random(from, to) => {
                inputs.insert("FROM".into(), self.input(from, Slot::Number, &id));
                inputs.insert("TO".into(), self.input(to, Slot::Number, &id));
                "operator_random"
            }
        };
        self.insert(&id, opcode, Some(parent), inputs, fields);
        id
    }

    /// Serializes a stack of blocks under `parent` and returns the first id.
    fn stack(&mut self, body: &[Stmt], parent: &str) -> Option<String> {
        let mut first = None;
        let mut previous: Option<String> = None;
        for stmt in body {
            let id = self.new_id();
            let link_parent = previous.clone().unwrap_or_else(|| parent.to_string());
            self.statement(stmt, &id, &link_parent);
            if let Some(previous) = &previous {
                self.block_mut(previous).insert("next".into(), json!(id));
            } else {
                first = Some(id.clone());
            }
            previous = Some(id);
        }
        first
    }

    fn substack(&mut self, inputs: &mut Map<String, Json>, name: &str, body: &[Stmt], parent: &str) {
        if let Some(first) = self.stack(body, parent) {
            inputs.insert(name.into(), json!([2, first]));
        }
    }

    fn variable_field(&self, id: VariableId) -> Json {
        json!([self.sprite.variables[id].name, variable_id(id)])
    }

    fn list_field(&self, id: ListId) -> Json {
        json!([self.sprite.lists[id].name, list_id(id)])
    }

    fn statement(&mut self, stmt: &Stmt, id: &str, parent: &str) {
        let mut inputs = Map::new();
        let mut fields = Map::new();
        let mut mutation = None;
        let opcode = match stmt {
            Stmt::SetVariable(variable, value) => {
                inputs.insert("VALUE".into(), self.input(value, Slot::Text, id));
                fields.insert("VARIABLE".into(), self.variable_field(*variable));
                "data_setvariableto"
            }
            Stmt::ChangeVariable(variable, value) => {
                inputs.insert("VALUE".into(), self.input(value, Slot::Number, id));
                fields.insert("VARIABLE".into(), self.variable_field(*variable));
                "data_changevariableby"
            }
            Stmt::AddToList(list, value) => {
                inputs.insert("ITEM".into(), self.input(value, Slot::Text, id));
                fields.insert("LIST".into(), self.list_field(*list));
                "data_addtolist"
            }
            Stmt::ReplaceItemOfList(list, index, value) => {
                inputs.insert("INDEX".into(), self.input(index, Slot::Integer, id));
                inputs.insert("ITEM".into(), self.input(value, Slot::Text, id));
                fields.insert("LIST".into(), self.list_field(*list));
                "data_replaceitemoflist"
            }
            Stmt::DeleteOfList(list, index) => {
                inputs.insert("INDEX".into(), self.input(index, Slot::Integer, id));
                fields.insert("LIST".into(), self.list_field(*list));
                "data_deleteoflist"
            }
            Stmt::DeleteAllOfList(list) => {
                fields.insert("LIST".into(), self.list_field(*list));
                "data_deletealloflist"
            }
            Stmt::If(condition, body) => {
                let condition = self.condition(condition, id);
                inputs.insert("CONDITION".into(), condition);
                self.substack(&mut inputs, "SUBSTACK", body, id);
                "control_if"
            }
            Stmt::IfElse(condition, then_body, else_body) => {
                let condition = self.condition(condition, id);
                inputs.insert("CONDITION".into(), condition);
                self.substack(&mut inputs, "SUBSTACK", then_body, id);
                self.substack(&mut inputs, "SUBSTACK2", else_body, id);
                "control_if_else"
            }
            Stmt::RepeatUntil(condition, body) => {
                let condition = self.condition(condition, id);
                inputs.insert("CONDITION".into(), condition);
                self.substack(&mut inputs, "SUBSTACK", body, id);
                "control_repeat_until"
            }
            Stmt::Repeat(times, body) => {
                inputs.insert("TIMES".into(), self.input(times, Slot::Number, id));
                self.substack(&mut inputs, "SUBSTACK", body, id);
                "control_repeat"
            }
            Stmt::CallProcedure(procedure, args) => {
                let procedure = &self.sprite.procedures[*procedure];
                let (proccode, argument_ids) = prototype_text(procedure);
                for (position, arg) in args.iter().enumerate() {
                    let input = self.input(arg, Slot::Text, id);
                    inputs.insert(argument_ids[position].clone(), input);
                }
                mutation = Some(json!({
                    "tagName": "mutation",
                    "children": [],
                    "proccode": proccode,
                    "argumentids": serde_json::to_string(&argument_ids).unwrap(),
                    "warp": if procedure.warp { "true" } else { "false" },
                }));
                "procedures_call"
            }
            Stmt::Say(message) => {
                inputs.insert("MESSAGE".into(), self.input(message, Slot::Text, id));
                "looks_say"
            }
            Stmt::Stop(option) => {
                let text = match option {
                    StopOption::All => "all",
                    StopOption::ThisScript => "this script",
                };
                fields.insert("STOP_OPTION".into(), json!([text, null]));
                mutation = Some(json!({"tagName": "mutation", "children": [], "hasnext": "false"}));
                "control_stop"
            }
        };
        self.insert(id, opcode, Some(parent), inputs, fields);
        if let Some(mutation) = mutation {
            self.block_mut(id).insert("mutation".into(), mutation);
        }
    }

    fn top_level(&mut self, id: &str, position: usize) {
        let (x, y) = if self.hidden {
            // Far outside the visible script area: the editor does not have
            // to lay these out when the sprite is imported.
            (-100_000.0, -100_000.0 - 400.0 * position as f64)
        } else {
            (0.0, 600.0 * position as f64)
        };
        let block = self.block_mut(id);
        block.insert("topLevel".into(), json!(true));
        block.insert("parent".into(), Json::Null);
        block.insert("x".into(), json!(x));
        block.insert("y".into(), json!(y));
    }

    fn procedure(&mut self, procedure: &Procedure, position: usize) {
        let definition = self.new_id();
        let prototype = self.new_id();
        let (proccode, argument_ids) = prototype_text(procedure);

        let mut prototype_inputs = Map::new();
        for (param, argument_id) in procedure.params.iter().zip(&argument_ids) {
            let reporter = self.new_id();
            let mut fields = Map::new();
            fields.insert("VALUE".into(), json!([param, null]));
            self.insert(&reporter, "argument_reporter_string_number", Some(&prototype), Map::new(), fields);
            self.block_mut(&reporter).insert("shadow".into(), json!(true));
            prototype_inputs.insert(argument_id.clone(), json!([1, reporter]));
        }
        self.insert(&prototype, "procedures_prototype", Some(&definition), prototype_inputs, Map::new());
        let defaults: Vec<&str> = procedure.params.iter().map(|_| "").collect();
        let block = self.block_mut(&prototype);
        block.insert("shadow".into(), json!(true));
        block.insert(
            "mutation".into(),
            json!({
                "tagName": "mutation",
                "children": [],
                "proccode": proccode,
                "argumentids": serde_json::to_string(&argument_ids).unwrap(),
                "argumentnames": serde_json::to_string(&procedure.params).unwrap(),
                "argumentdefaults": serde_json::to_string(&defaults).unwrap(),
                "warp": if procedure.warp { "true" } else { "false" },
            }),
        );

        let mut inputs = Map::new();
        inputs.insert("custom_block".into(), json!([1, prototype]));
        self.insert(&definition, "procedures_definition", None, inputs, Map::new());
        self.top_level(&definition, position);
        if let Some(first) = self.stack(&procedure.body, &definition) {
            self.block_mut(&definition).insert("next".into(), json!(first));
        }
    }

    fn script(&mut self, script: &Script, position: usize) {
        let hat = self.new_id();
        let mut fields = Map::new();
        let opcode = match &script.hat {
            HatBlock::WhenFlagClicked => "event_whenflagclicked",
            HatBlock::WhenKeyPressed(key) => {
                fields.insert("KEY_OPTION".into(), json!([key, null]));
                "event_whenkeypressed"
            }
            HatBlock::WhenThisSpriteClicked => "event_whenthisspriteclicked",
        };
        self.insert(&hat, opcode, None, Map::new(), fields);
        self.top_level(&hat, position);
        if let Some(first) = self.stack(&script.body, &hat) {
            self.block_mut(&hat).insert("next".into(), json!(first));
        }
    }
}

/// Returns a custom block's proccode (`name %s %s`) and its argument ids.
fn prototype_text(procedure: &Procedure) -> (String, Vec<String>) {
    let mut proccode = procedure.name.clone();
    for _ in &procedure.params {
        proccode.push_str(" %s");
    }
    let ids = (0..procedure.params.len()).map(|index| format!("{}.arg{index}", procedure.name)).collect();
    (proccode, ids)
}

/// Returns the MD5 of an asset in hex, the name the Scratch editor gives it.
pub fn md5_hex(data: &str) -> String {
    use md5::{Digest, Md5};
    Md5::digest(data.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Returns a costume entry of a target, for an SVG asset named by its MD5.
pub fn costume_json(name: &str, svg: &str, center: (f64, f64)) -> Json {
    let md5 = md5_hex(svg);
    json!({
        "name": name,
        "bitmapResolution": 1,
        "dataFormat": "svg",
        "assetId": md5,
        "md5ext": format!("{md5}.svg"),
        "rotationCenterX": center.0,
        "rotationCenterY": center.1,
    })
}

/// Serializes the sprite target. `hidden` places every script far off-screen.
pub fn sprite_json(sprite: &Sprite, hidden: bool) -> Json {
    let mut writer = Writer { sprite, blocks: Map::new(), next_id: 0, hidden };
    let mut position = 0;
    for script in &sprite.scripts {
        writer.script(script, position);
        position += 1;
    }
    for procedure in &sprite.procedures {
        writer.procedure(procedure, position);
        position += 1;
    }

    let mut variables = Map::new();
    for (id, variable) in sprite.variables.iter().enumerate() {
        variables.insert(variable_id(id), json!([variable.name, value_json(&variable.value)]));
    }
    let mut lists = Map::new();
    for (id, list) in sprite.lists.iter().enumerate() {
        let items: Vec<Json> = list.items.iter().map(value_json).collect();
        lists.insert(list_id(id), json!([list.name, items]));
    }

    json!({
        "isStage": false,
        "name": sprite.name,
        "variables": variables,
        "lists": lists,
        "broadcasts": {},
        "blocks": writer.blocks,
        "comments": {},
        "currentCostume": 0,
        "costumes": [costume_json("scratchc", SPRITE_COSTUME_SVG, (24.0, 24.0))],
        "sounds": [],
        "volume": 100,
        "layerOrder": 1,
        "visible": true,
        // Low in the middle of the stage, clear of the monitors at both
        // edges, so the speech bubble opens into free space.
        "x": 0,
        "y": -130,
        "size": 100,
        "direction": 90,
        "draggable": false,
        "rotationStyle": "all around",
    })
}

fn monitor_json(sprite: &Sprite, monitor: &Monitor) -> Json {
    let variable = &sprite.variables[monitor.variable];
    let (mode, min, max, discrete) = match monitor.slider {
        Some((min, max)) => ("slider", min, max, min.fract() == 0.0 && max.fract() == 0.0),
        None => ("default", 0.0, 100.0, true),
    };
    json!({
        "id": variable_id(monitor.variable),
        "mode": mode,
        "opcode": "data_variable",
        "params": {"VARIABLE": variable.name},
        "spriteName": sprite.name,
        "value": value_json(&variable.value),
        "width": 0,
        "height": 0,
        "x": monitor.x,
        "y": monitor.y,
        "visible": true,
        "sliderMin": min,
        "sliderMax": max,
        "isDiscrete": discrete,
    })
}

fn list_monitor_json(sprite: &Sprite, monitor: &ListMonitor) -> Json {
    json!({
        "id": list_id(monitor.list),
        "mode": "list",
        "opcode": "data_listcontents",
        "params": {"LIST": sprite.lists[monitor.list].name},
        "spriteName": sprite.name,
        "value": [],
        "width": monitor.width,
        "height": monitor.height,
        "x": monitor.x,
        "y": monitor.y,
        "visible": true,
    })
}

/// Serializes a whole project: a white stage, the sprite and its monitors.
pub fn project_json(sprite: &Sprite) -> Json {
    let stage = json!({
        "isStage": true,
        "name": "Stage",
        "variables": {},
        "lists": {},
        "broadcasts": {},
        "blocks": {},
        "comments": {},
        "currentCostume": 0,
        "costumes": [costume_json("backdrop1", BACKDROP_SVG, (240.0, 180.0))],
        "sounds": [],
        "volume": 100,
        "layerOrder": 0,
        "tempo": 60,
        "videoTransparency": 50,
        "videoState": "on",
        "textToSpeechLanguage": null,
    });
    let mut monitors: Vec<Json> = sprite.monitors.iter().map(|monitor| monitor_json(sprite, monitor)).collect();
    if let Some(monitor) = &sprite.list_monitor {
        monitors.push(list_monitor_json(sprite, monitor));
    }
    json!({
        "targets": [stage, sprite_json(sprite, false)],
        "monitors": monitors,
        "extensions": [],
        "meta": {"semver": "3.0.0", "vm": "0.2.0", "agent": concat!("scratchc ", env!("CARGO_PKG_VERSION"))},
    })
}

/// Counts the blocks of the sprite's scripts and procedures as serialized.
pub fn count_blocks(sprite: &Sprite) -> usize {
    sprite_json(sprite, true)["blocks"].as_object().map_or(0, Map::len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_are_written_without_a_fraction() {
        assert_eq!(value_json(&Value::Number(403.0)).to_string(), "403");
        assert_eq!(value_json(&Value::Number(-2147483648.0)).to_string(), "-2147483648");
        assert_eq!(value_json(&Value::Number(0.0)).to_string(), "0");
        assert_eq!(value_json(&Value::Number(9_007_199_254_740_992.0)).to_string(), "9007199254740992");
    }

    #[test]
    fn other_numbers_keep_their_notation() {
        assert_eq!(value_json(&Value::Number(0.5)).to_string(), "0.5");
        assert_eq!(value_json(&Value::Number(-0.0)).to_string(), "\"-0\"");
        assert_eq!(value_json(&Value::Number(1.8014398509481984e16)).to_string(), "1.8014398509481984e+16");
        assert_eq!(value_json(&Value::Number(f64::INFINITY)).to_string(), "\"Infinity\"");
    }
}

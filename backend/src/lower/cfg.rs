//! Control-flow analysis: dominators, natural loops, and the post-dominators
//! that tell where the two arms of a branch meet again.
//!
//! The plugin leaves a reducible CFG in loop-simplify form, so every cycle is
//! a natural loop entered through its header. Seen from inside one loop, with
//! its back edges cut and each nested loop collapsed to one node, the blocks
//! form a DAG; the immediate post-dominator of a branch in that DAG is the
//! join where structured code continues after `if`/`if else`.

use std::collections::{BTreeSet, HashMap};

use anyhow::Result;

use crate::diagnostics::bad_input;
use crate::ir::{BlockId, Function};

/// Immediate dominators of a graph given by successor lists, computed with
/// the iterative algorithm of Cooper, Harvey and Kennedy. Unreachable nodes
/// get `None`; the entry is its own dominator.
pub fn immediate_dominators(successors: &[Vec<usize>], entry: usize) -> Vec<Option<usize>> {
    let count = successors.len();
    let mut order = Vec::with_capacity(count);
    let mut visited = vec![false; count];
    let mut stack = vec![(entry, 0usize)];
    visited[entry] = true;
    while let Some((node, next)) = stack.pop() {
        if next < successors[node].len() {
            stack.push((node, next + 1));
            let successor = successors[node][next];
            if !visited[successor] {
                visited[successor] = true;
                stack.push((successor, 0));
            }
        } else {
            order.push(node);
        }
    }
    order.reverse();
    let mut rank = vec![usize::MAX; count];
    for (position, &node) in order.iter().enumerate() {
        rank[node] = position;
    }
    let mut predecessors = vec![Vec::new(); count];
    for (node, list) in successors.iter().enumerate() {
        for &successor in list {
            predecessors[successor].push(node);
        }
    }

    let mut idom: Vec<Option<usize>> = vec![None; count];
    idom[entry] = Some(entry);
    let mut changed = true;
    while changed {
        changed = false;
        for &node in order.iter().skip(1) {
            let mut new_idom: Option<usize> = None;
            for &predecessor in &predecessors[node] {
                if idom[predecessor].is_none() {
                    continue;
                }
                new_idom = Some(match new_idom {
                    None => predecessor,
                    Some(current) => intersect(&idom, &rank, predecessor, current),
                });
            }
            if new_idom.is_some() && idom[node] != new_idom {
                idom[node] = new_idom;
                changed = true;
            }
        }
    }
    idom
}

fn intersect(idom: &[Option<usize>], rank: &[usize], mut a: usize, mut b: usize) -> usize {
    while a != b {
        while rank[a] > rank[b] {
            a = idom[a].expect("processed nodes have a dominator");
        }
        while rank[b] > rank[a] {
            b = idom[b].expect("processed nodes have a dominator");
        }
    }
    a
}

#[derive(Debug, Clone)]
pub struct Loop {
    pub header: BlockId,
    pub blocks: BTreeSet<BlockId>,
    /// Blocks outside the loop that an edge from inside reaches.
    pub exits: Vec<BlockId>,
    pub parent: Option<usize>,
}

/// The loop forest of a function.
#[derive(Debug)]
pub struct Loops {
    pub loops: Vec<Loop>,
    /// The innermost loop of each block.
    pub innermost: Vec<Option<usize>>,
    /// The loop whose header a block is.
    pub header_of: HashMap<BlockId, usize>,
}

impl Loops {
    pub fn contains(&self, lp: usize, block: BlockId) -> bool {
        self.loops[lp].blocks.contains(&block)
    }

    /// Returns the outermost loop containing `block` that is nested directly
    /// in `context` (or is top-level when `context` is `None`).
    pub fn child_containing(&self, context: Option<usize>, block: BlockId) -> Option<usize> {
        let mut current = self.innermost[block];
        while let Some(lp) = current {
            if self.loops[lp].parent == context {
                return Some(lp);
            }
            current = self.loops[lp].parent;
        }
        None
    }
}

/// Finds the natural loops. An edge to a block that does not dominate its
/// source but was visited earlier on the DFS path makes the CFG irreducible,
/// which the plugin's `fix-irreducible` should have removed.
pub fn find_loops(function: &Function) -> Result<Loops> {
    let count = function.blocks.len();
    let successors: Vec<Vec<usize>> = (0..count).map(|block| function.successors(block)).collect();
    let idom = immediate_dominators(&successors, 0);
    let dominates = |a: usize, mut b: usize| loop {
        if a == b {
            return true;
        }
        match idom[b] {
            Some(parent) if parent != b => b = parent,
            _ => return false,
        }
    };

    let mut predecessors = vec![Vec::new(); count];
    for (block, list) in successors.iter().enumerate() {
        for &successor in list {
            predecessors[successor].push(block);
        }
    }

    check_reducible(&successors, &dominates, &function.name)?;

    let mut by_header: HashMap<BlockId, BTreeSet<BlockId>> = HashMap::new();
    for block in 0..count {
        if idom[block].is_none() {
            continue;
        }
        for &successor in &successors[block] {
            if dominates(successor, block) {
                let body = by_header.entry(successor).or_insert_with(|| BTreeSet::from([successor]));
                let mut work = vec![block];
                while let Some(node) = work.pop() {
                    if body.insert(node) {
                        work.extend(predecessors[node].iter().copied().filter(|p| idom[*p].is_some()));
                    }
                }
            }
        }
    }

    // Sort outer loops first (a loop that contains another is bigger), and
    // equal sizes by header, so the output does not depend on hash order.
    let mut headers: Vec<BlockId> = by_header.keys().copied().collect();
    headers.sort_by_key(|&header| (std::cmp::Reverse(by_header[&header].len()), header));
    let mut loops: Vec<Loop> = Vec::new();
    let mut innermost = vec![None; count];
    let mut header_of = HashMap::new();
    for header in headers {
        let blocks = by_header.remove(&header).unwrap();
        let parent = innermost[header];
        let mut exits: Vec<BlockId> = blocks
            .iter()
            .flat_map(|&block| successors[block].iter().copied())
            .filter(|successor| !blocks.contains(successor))
            .collect();
        exits.sort_unstable();
        exits.dedup();
        let id = loops.len();
        for &block in &blocks {
            innermost[block] = Some(id);
        }
        header_of.insert(header, id);
        loops.push(Loop { header, blocks, exits, parent });
    }
    Ok(Loops { loops, innermost, header_of })
}

fn check_reducible(successors: &[Vec<usize>], dominates: &impl Fn(usize, usize) -> bool, name: &str) -> Result<()> {
    let count = successors.len();
    let mut state = vec![0u8; count]; // 0 new, 1 on the DFS path, 2 done
    let mut stack = vec![(0usize, 0usize)];
    state[0] = 1;
    while let Some((node, next)) = stack.pop() {
        if next < successors[node].len() {
            stack.push((node, next + 1));
            let successor = successors[node][next];
            match state[successor] {
                0 => {
                    state[successor] = 1;
                    stack.push((successor, 0));
                }
                1 if !dominates(successor, node) => {
                    return Err(bad_input(format!(
                        "function `{name}` has irreducible control flow; the scratchc plugin's \
                         `scratch-normalize` fixes it (compile with `scratchc cc`)"
                    )))
                }
                _ => {}
            }
        } else {
            state[node] = 2;
        }
    }
    Ok(())
}

/// The destination of an edge from a node of a region, as seen from inside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Block(BlockId),
    /// Back to the header of the region's loop.
    Continue,
    /// Out of the region's loop.
    Break,
    /// Out of the function.
    Return,
}

/// The acyclic view of one loop body (or of the function outside all loops),
/// with immediate post-dominators.
pub struct Region {
    /// Immediate post-dominator of each node (a block id, nested loops
    /// represented by their headers); `None` when the arms never meet again.
    ipdom: HashMap<BlockId, Option<BlockId>>,
}

impl Region {
    pub fn join(&self, block: BlockId) -> Option<BlockId> {
        self.ipdom.get(&block).copied().flatten()
    }
}

/// Maps a CFG edge target to what it means from inside `context`.
pub fn classify(loops: &Loops, context: Option<usize>, target: BlockId) -> Target {
    match context {
        Some(lp) if loops.loops[lp].header == target => Target::Continue,
        Some(lp) if !loops.contains(lp, target) => Target::Break,
        _ => Target::Block(loops.child_containing(context, target).map_or(target, |child| loops.loops[child].header)),
    }
}

/// Returns the targets of a region node: a plain block's successors, or a
/// nested loop's exits.
pub fn node_targets(function: &Function, loops: &Loops, context: Option<usize>, node: BlockId) -> Vec<Target> {
    let raw: Vec<BlockId> = match loops.header_of.get(&node) {
        Some(&lp) if Some(lp) != context => loops.loops[lp].exits.clone(),
        _ => function.successors(node),
    };
    if raw.is_empty() {
        return vec![Target::Return];
    }
    raw.into_iter().map(|target| classify(loops, context, target)).collect()
}

/// Builds the region of `context` and its post-dominators.
pub fn region(function: &Function, loops: &Loops, context: Option<usize>) -> Region {
    let entry = match context {
        Some(lp) => loops.loops[lp].header,
        None => 0,
    };
    // Collect the region's nodes reachable from its entry.
    let mut nodes = vec![entry];
    let mut index = HashMap::from([(entry, 0usize)]);
    let mut edges: Vec<Vec<Target>> = Vec::new();
    let mut position = 0;
    while position < nodes.len() {
        let node = nodes[position];
        let targets = node_targets(function, loops, context, node);
        for target in &targets {
            if let Target::Block(block) = *target {
                if !index.contains_key(&block) {
                    index.insert(block, nodes.len());
                    nodes.push(block);
                }
            }
        }
        edges.push(targets);
        position += 1;
    }

    // Reverse graph: a virtual exit (numbered after the nodes) reaches every
    // node whose edges leave the region.
    let exit = nodes.len();
    let mut reverse = vec![Vec::new(); nodes.len() + 1];
    for (node, targets) in edges.iter().enumerate() {
        for target in targets {
            match target {
                Target::Block(block) => reverse[index[block]].push(node),
                _ => reverse[exit].push(node),
            }
        }
    }
    for list in &mut reverse {
        list.sort_unstable();
        list.dedup();
    }
    let ipdom = immediate_dominators(&reverse, exit);
    let mut result = HashMap::new();
    for (node, &block) in nodes.iter().enumerate() {
        let join = ipdom[node].filter(|&post| post != exit).map(|post| nodes[post]);
        result.insert(block, join);
    }
    Region { ipdom: result }
}

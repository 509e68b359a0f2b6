// Registers the scratchc pipelines with LLVM's new pass manager and forwards
// each module to the Rust passes. The new pass manager has no C API, so this
// file contains only what must be C++: the PassBuilder callbacks, the wrapper
// pass that calls into Rust, the composition of LLVM's own transforms, an
// in-process entry point that builds its own pass manager, and LLVM's
// SplitBlock for the Rust passes. Other IR helpers are in ir_helpers.cpp.

#include "llvm-c/Types.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"
#include "llvm/Support/CBindingWrapping.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Transforms/Utils/LowerSwitch.h"
#include "llvm/Transforms/Scalar/InstSimplifyPass.h"
#include "llvm/Transforms/Scalar/Scalarizer.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/FixIrreducible.h"
#include "llvm/Transforms/Utils/LCSSA.h"
#include "llvm/Transforms/Utils/LoopSimplify.h"
#include "llvm/Transforms/Utils/UnifyLoopExits.h"

#include <set>
#include <string>

using namespace llvm;

// Implemented in Rust (src/lib.rs). The numbers match `RustPass` there.
extern "C" char *scratchc_run_rust_pass(unsigned pass, LLVMModuleRef module);
extern "C" void scratchc_free_message(char *message);

namespace {

enum RustPassId : unsigned {
  ExpandIntrinsics = 0,
  RescaleGep = 1,
  CheckStructure = 2,
  MarkNormalized = 3,
  SplitI64 = 4,
};

// A compile error found by a Rust pass. Hosts print it like their own
// errors: opt as "error: <message>", clang as "error: <message>" too.
class ScratchcDiagnostic : public DiagnosticInfo {
  const std::string &Message;

public:
  explicit ScratchcDiagnostic(const std::string &Message)
      : DiagnosticInfo(kind(), DS_Error), Message(Message) {}

  void print(DiagnosticPrinter &DP) const override { DP << Message; }

  static int kind() {
    static const int Kind = getNextAvailablePluginDiagnosticKind();
    return Kind;
  }
};

// Modules in which a Rust pass reported an error. Later passes of this
// plugin skip them, so the user reads the first problem once instead of its
// consequences, and no pass runs on IR that a panicking pass left half-built.
thread_local std::set<const Module *> FailedModules;

// Destination of RustModulePass errors during scratchc_normalize_in_process.
// It is null while opt or clang runs the passes, and errors become diagnostics.
thread_local std::string *InProcessError = nullptr;

// Clears the failure record of a module at the start of each pipeline, in
// case a freed module's address is reused within one process.
struct ForgetFailure : PassInfoMixin<ForgetFailure> {
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    FailedModules.erase(&M);
    return PreservedAnalyses::all();
  }

  static bool isRequired() { return true; }
};

// Runs one Rust pass on the module. A Rust error becomes an error diagnostic
// on the module's LLVMContext. opt-19 prints "error: ..." and exits with
// status 1 at once. clang-19 prints "error: ..." like any compile error,
// deletes the output and exits with status 1. report_fatal_error is not used,
// because clang-19's in-process cc1 prints a stack dump for it even with
// gen_crash_diag set to false.
struct RustModulePass : PassInfoMixin<RustModulePass> {
  RustPassId Id;
  explicit RustModulePass(RustPassId Id) : Id(Id) {}

  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    if (FailedModules.count(&M))
      return PreservedAnalyses::all();

    // The Rust passes see debug intrinsics as ordinary calls (and delete
    // them), so convert debug records to intrinsics for the call.
    bool WasNewFormat = M.IsNewDbgInfoFormat;
    if (WasNewFormat)
      M.convertFromNewDbgValues();

    char *Message = scratchc_run_rust_pass(Id, wrap(&M));

    if (WasNewFormat)
      M.convertToNewDbgValues();
    if (Message) {
      std::string Text(Message);
      scratchc_free_message(Message);
      FailedModules.insert(&M);
      if (InProcessError)
        *InProcessError = Text;
      else
        M.getContext().diagnose(ScratchcDiagnostic(Text));
    }
    return PreservedAnalyses::none();
  }

  static bool isRequired() { return true; }
};

// Runs LLVM's structuring transforms on every function, optnone ones included:
// a pass manager would skip them under optnone, and the backend cannot
// translate a function that still has a switch or an irreducible loop.
struct StructureFunctionPass : PassInfoMixin<StructureFunctionPass> {
  PreservedAnalyses run(Function &F, FunctionAnalysisManager &FAM) {
    if (F.isDeclaration() || FailedModules.count(F.getParent()))
      return PreservedAnalyses::all();

    ScalarizerPassOptions ScalarizerOptions;
    ScalarizerOptions.ScalarizeLoadStore = true;
    ScalarizerOptions.ScalarizeVariableInsertExtract = true;

    PreservedAnalyses All = PreservedAnalyses::all();
    auto Step = [&](PreservedAnalyses PA) {
      FAM.invalidate(F, PA);
      All.intersect(std::move(PA));
    };
    // LLVM 19's scalarizer crashes on an extractelement whose constant index
    // is past the end of the vector; instsimplify first folds it to poison.
    Step(InstSimplifyPass().run(F, FAM));
    Step(ScalarizerPass(ScalarizerOptions).run(F, FAM));
    Step(LowerSwitchPass().run(F, FAM));
    Step(FixIrreduciblePass().run(F, FAM));
    // loop-simplify can split a loop with several latches into nested loops,
    // so it runs before unify-loop-exits, which then unifies the exits of every loop. It runs
    // again after it, because unify-loop-exits does not promise to keep
    // preheaders and dedicated exits.
    Step(LoopSimplifyPass().run(F, FAM));
    Step(UnifyLoopExitsPass().run(F, FAM));
    Step(LoopSimplifyPass().run(F, FAM));
    Step(LCSSAPass().run(F, FAM));
    return All;
  }

  static bool isRequired() { return true; }
};

// Lowers every switch on an integer wider than 32 bits with LLVM's
// lower-switch, so that scratch-split-i64 meets compares and branches only.
// Functions without such a switch keep theirs for scratch-structure-cfg.
struct LowerWideSwitches : PassInfoMixin<LowerWideSwitches> {
  PreservedAnalyses run(Function &F, FunctionAnalysisManager &FAM) {
    if (F.isDeclaration() || FailedModules.count(F.getParent()))
      return PreservedAnalyses::all();
    bool HasWideSwitch = any_of(F, [](BasicBlock &Block) {
      auto *Switch = dyn_cast_or_null<SwitchInst>(Block.getTerminator());
      return Switch &&
             Switch->getCondition()->getType()->getIntegerBitWidth() > 32;
    });
    if (!HasWideSwitch)
      return PreservedAnalyses::all();
    return LowerSwitchPass().run(F, FAM);
  }

  static bool isRequired() { return true; }
};

void addSplitI64(ModulePassManager &MPM) {
  MPM.addPass(createModuleToFunctionPassAdaptor(LowerWideSwitches()));
  MPM.addPass(RustModulePass(SplitI64));
}

void addStructureCfg(ModulePassManager &MPM) {
  MPM.addPass(ForgetFailure());
  MPM.addPass(createModuleToFunctionPassAdaptor(StructureFunctionPass()));
  MPM.addPass(RustModulePass(CheckStructure));
}

// The whole normalization, in order. The scalarizer runs first so that the
// Rust passes never meet vector intrinsics or vector GEPs.
void addNormalize(ModulePassManager &MPM) {
  ScalarizerPassOptions ScalarizerOptions;
  ScalarizerOptions.ScalarizeLoadStore = true;
  ScalarizerOptions.ScalarizeVariableInsertExtract = true;
  MPM.addPass(ForgetFailure());
  // instsimplify folds out-of-range constant extractelements, on which the
  // scalarizer of LLVM 19 crashes.
  MPM.addPass(createModuleToFunctionPassAdaptor(InstSimplifyPass()));
  MPM.addPass(createModuleToFunctionPassAdaptor(ScalarizerPass(ScalarizerOptions)));
  MPM.addPass(RustModulePass(ExpandIntrinsics));
  addSplitI64(MPM);
  MPM.addPass(RustModulePass(RescaleGep));
  MPM.addPass(createModuleToFunctionPassAdaptor(StructureFunctionPass()));
  MPM.addPass(RustModulePass(CheckStructure));
  MPM.addPass(RustModulePass(MarkNormalized));
}

// Runs the normalization only on modules for the Scratch target (arch i386,
// OS none), so the plugin leaves a native build untouched.
struct NormalizeScratchTarget : PassInfoMixin<NormalizeScratchTarget> {
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &MAM) {
    Triple T(M.getTargetTriple());
    if (T.getArch() != Triple::x86 || T.getOS() != Triple::UnknownOS)
      return PreservedAnalyses::all();
    ModulePassManager MPM;
    addNormalize(MPM);
    return MPM.run(M, MAM);
  }

  static bool isRequired() { return true; }
};

bool parsePipeline(StringRef Name, ModulePassManager &MPM,
                   ArrayRef<PassBuilder::PipelineElement>) {
  if (Name == "scratch-normalize") {
    addNormalize(MPM);
    return true;
  }
  if (Name == "scratch-expand-intrinsics") {
    MPM.addPass(ForgetFailure());
    MPM.addPass(RustModulePass(ExpandIntrinsics));
    return true;
  }
  if (Name == "scratch-split-i64") {
    MPM.addPass(ForgetFailure());
    addSplitI64(MPM);
    return true;
  }
  if (Name == "scratch-rescale-gep") {
    MPM.addPass(ForgetFailure());
    MPM.addPass(RustModulePass(RescaleGep));
    return true;
  }
  if (Name == "scratch-structure-cfg") {
    addStructureCfg(MPM);
    return true;
  }
  return false;
}

void registerCallbacks(PassBuilder &PB) {
  PB.registerPipelineParsingCallback(parsePipeline);
  PB.registerOptimizerLastEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) {
        MPM.addPass(NormalizeScratchTarget());
      });
}

} // namespace

// Called by the Rust `llvmGetPassPluginInfo`, because a Rust cdylib exports
// only symbols defined in Rust.
extern "C" PassPluginLibraryInfo scratchc_plugin_library_info() {
  return {LLVM_PLUGIN_API_VERSION, "scratchc", "0.1.0", registerCallbacks};
}

// Splits the block of `instruction` just before it and returns the new block,
// which starts with `instruction`. LLVM's SplitBlock keeps phis and the
// dominator-free CFG consistent, which the C API cannot do.
extern "C" LLVMBasicBlockRef scratchc_split_block_before(LLVMValueRef instruction) {
  Instruction *I = unwrap<Instruction>(instruction);
  return wrap(SplitBlock(I->getParent(), I));
}

// Runs scratch-normalize on a module owned by the caller, in this process,
// with its own pass and analysis managers. Returns null on success, or the
// first error, valid until the next call on the same thread.
extern "C" const char *scratchc_normalize_in_process(LLVMModuleRef ModuleRef) {
  static thread_local std::string Error;
  Error.clear();

  LoopAnalysisManager LAM;
  FunctionAnalysisManager FAM;
  CGSCCAnalysisManager CGAM;
  ModuleAnalysisManager MAM;
  PassBuilder PB;
  PB.registerModuleAnalyses(MAM);
  PB.registerCGSCCAnalyses(CGAM);
  PB.registerFunctionAnalyses(FAM);
  PB.registerLoopAnalyses(LAM);
  PB.crossRegisterProxies(LAM, FAM, CGAM, MAM);

  ModulePassManager MPM;
  addNormalize(MPM);
  InProcessError = &Error;
  MPM.run(*unwrap(ModuleRef), MAM);
  InProcessError = nullptr;
  return Error.empty() ? nullptr : Error.c_str();
}

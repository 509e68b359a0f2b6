// IR rewrites that the Rust passes need and the LLVM C API cannot express.
// They give a function or a call a new type and keep its attributes, replace
// a global with one of another value type, turn a constant expression into
// an instruction, and remove unreachable blocks and debug intrinsics. Each
// helper does one step, and the Rust pass decides when.

#include "llvm-c/Types.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CBindingWrapping.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace {

// Builds the attribute list of a function or call whose parameters changed.
// New parameter i keeps the attributes of old parameter Sources[i], or none
// when Sources[i] is negative. The return attributes are kept only when the
// return type did not change, because attributes such as range(i64 ...) are
// tied to the type.
AttributeList remapAttributes(LLVMContext &Context, AttributeList Old,
                              const int *Sources, unsigned Count,
                              bool KeepReturn) {
  SmallVector<AttributeSet, 8> Params;
  for (unsigned I = 0; I < Count; ++I)
    Params.push_back(Sources[I] >= 0 ? Old.getParamAttrs(Sources[I])
                                     : AttributeSet());
  return AttributeList::get(Context, Old.getFnAttrs(),
                            KeepReturn ? Old.getRetAttrs() : AttributeSet(),
                            Params);
}

bool isWiderThan32Bits(Type *T) {
  return T->isIntOrIntVectorTy() && T->getScalarSizeInBits() > 32;
}

} // namespace

// Replaces function `OldRef` with a function of type `NewTypeRef` that has
// the same name, linkage, attributes and metadata, and moves the body into
// it. Every use of the old function, calls and address-taken uses alike, then
// refers to the new one. New parameter i with ParamSources[i] >= 0 takes over
// the name, attributes and uses of that old parameter. The other old
// parameters keep their uses, for the caller to rewrite before it deletes the
// old function, which is left without body, uses or metadata.
extern "C" LLVMValueRef scratchc_replace_function(LLVMValueRef OldRef,
                                                  LLVMTypeRef NewTypeRef,
                                                  const int *ParamSources,
                                                  LLVMBool KeepReturnAttributes) {
  Function *Old = unwrap<Function>(OldRef);
  auto *NewType = cast<FunctionType>(unwrap(NewTypeRef));
  Module *M = Old->getParent();

  Function *New = Function::Create(NewType, Old->getLinkage(),
                                   Old->getAddressSpace(), "", M);
  M->getFunctionList().splice(Old->getIterator(), M->getFunctionList(),
                              New->getIterator());
  New->copyAttributesFrom(Old);
  New->setAttributes(remapAttributes(Old->getContext(), Old->getAttributes(),
                                     ParamSources, NewType->getNumParams(),
                                     KeepReturnAttributes));
  New->copyMetadata(Old, 0);
  Old->clearMetadata();
  New->takeName(Old);

  New->splice(New->begin(), Old);
  for (unsigned I = 0; I < NewType->getNumParams(); ++I) {
    if (ParamSources[I] < 0)
      continue;
    Argument *From = Old->getArg(ParamSources[I]);
    New->getArg(I)->takeName(From);
    From->replaceAllUsesWith(New->getArg(I));
  }
  Old->replaceAllUsesWith(New);
  return wrap(New);
}

// Inserts, before call `OldRef`, a call of the same callee with function type
// `NewTypeRef` and the given arguments, and returns it. It keeps the calling
// convention, operand bundles, tail-call marker (musttail becomes tail,
// because the caller's return may no longer follow the call directly), debug
// location, and the attributes of argument ArgSources[i] for new argument i.
// The old call stays for the caller to replace and erase.
extern "C" LLVMValueRef scratchc_rebuild_call(LLVMValueRef OldRef,
                                              LLVMTypeRef NewTypeRef,
                                              LLVMValueRef *Args,
                                              unsigned ArgCount,
                                              const int *ArgSources,
                                              LLVMBool KeepReturnAttributes) {
  auto *Old = unwrap<CallInst>(OldRef);
  auto *NewType = cast<FunctionType>(unwrap(NewTypeRef));

  SmallVector<Value *, 8> NewArgs;
  for (unsigned I = 0; I < ArgCount; ++I)
    NewArgs.push_back(unwrap(Args[I]));
  SmallVector<OperandBundleDef, 1> Bundles;
  Old->getOperandBundlesAsDefs(Bundles);

  CallInst *New = CallInst::Create(NewType, Old->getCalledOperand(), NewArgs,
                                   Bundles, "", Old->getIterator());
  New->setCallingConv(Old->getCallingConv());
  CallInst::TailCallKind Kind = Old->getTailCallKind();
  New->setTailCallKind(Kind == CallInst::TCK_MustTail ? CallInst::TCK_Tail
                                                      : Kind);
  New->setAttributes(remapAttributes(Old->getContext(), Old->getAttributes(),
                                     ArgSources, ArgCount,
                                     KeepReturnAttributes));
  New->setDebugLoc(Old->getDebugLoc());
  return wrap(New);
}

// Replaces global `OldRef` with a global whose initializer is
// `InitializerRef`, of another type with the same memory layout, keeping the
// name, linkage, attributes, alignment and metadata. Every use refers to the
// new global, and the old one is erased. Returns the new global.
extern "C" LLVMValueRef scratchc_replace_global(LLVMValueRef OldRef,
                                                LLVMValueRef InitializerRef) {
  auto *Old = unwrap<GlobalVariable>(OldRef);
  auto *Initializer = cast<Constant>(unwrap(InitializerRef));
  Module *M = Old->getParent();

  auto *New = new GlobalVariable(
      *M, Initializer->getType(), Old->isConstant(), Old->getLinkage(),
      Initializer, "", Old, Old->getThreadLocalMode(),
      Old->getAddressSpace(), Old->isExternallyInitialized());
  New->copyAttributesFrom(Old);
  // The new value type may have a smaller preferred alignment, so the new
  // global gets the old one's alignment explicitly.
  New->setAlignment(M->getDataLayout().getPreferredAlign(Old));
  New->copyMetadata(Old, 0);
  New->takeName(Old);
  Old->replaceAllUsesWith(New);
  Old->eraseFromParent();
  return wrap(New);
}

// Inserts the instruction that computes constant expression `ExpressionRef`
// before `InsertBeforeRef` and returns it. Its operands stay constants.
extern "C" LLVMValueRef
scratchc_expression_as_instruction(LLVMValueRef ExpressionRef,
                                   LLVMValueRef InsertBeforeRef) {
  auto *Expression = unwrap<ConstantExpr>(ExpressionRef);
  Instruction *Computed = Expression->getAsInstruction();
  Computed->insertBefore(unwrap<Instruction>(InsertBeforeRef));
  return wrap(Computed);
}

// Deletes the blocks of `FunctionRef` that the entry block cannot reach, and
// the phi entries of their edges.
extern "C" void scratchc_remove_unreachable_blocks(LLVMValueRef FunctionRef) {
  EliminateUnreachableBlocks(*unwrap<Function>(FunctionRef));
}

// Erases the debug intrinsics of `FunctionRef` that describe a variable with
// an integer wider than 32 bits. Their locations name values that a pass is
// about to replace with 32-bit halves, so the debugger loses those variables.
extern "C" void scratchc_erase_wide_debug_values(LLVMValueRef FunctionRef) {
  SmallVector<DbgVariableIntrinsic *, 8> Wide;
  for (BasicBlock &Block : *unwrap<Function>(FunctionRef))
    for (Instruction &I : Block)
      if (auto *Debug = dyn_cast<DbgVariableIntrinsic>(&I))
        if (any_of(Debug->location_ops(),
                   [](Value *V) { return isWiderThan32Bits(V->getType()); }))
          Wide.push_back(Debug);
  for (DbgVariableIntrinsic *Debug : Wide)
    Debug->eraseFromParent();
}

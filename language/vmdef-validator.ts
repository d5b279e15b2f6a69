// Validation: one class, checks registered per AST type (see Langium's example languages).
// Every diagnostic carries a stable `code` from LANGUAGE.md §7.
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type { VmdefAstType, Quantity } from './generated/ast.js';
import type { VmdefServices } from './vmdef-module.js';

export function registerValidationChecks(services: VmdefServices): void {
    const registry = services.validation.ValidationRegistry;
    const validator = services.validation.VmdefValidator;
    const checks: ValidationChecks<VmdefAstType> = {
        Quantity: validator.checkUnit,
    };
    registry.register(checks, validator);
}

export class VmdefValidator {
    constructor(_services: VmdefServices) {}

    checkUnit(quantity: Quantity, accept: ValidationAcceptor): void {
        if (!quantity.unit) {
            accept('error', `${quantity.value} needs a unit`, { node: quantity, code: 'missing-unit' });
        }
    }
}

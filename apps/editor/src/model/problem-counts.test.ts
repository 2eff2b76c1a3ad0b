import type { Diagnostic } from '@ganvas/core';
import { describe, expect, it } from 'vitest';
import { countProblems, verdict } from './problem-counts.js';

const d = (severity: Diagnostic['severity']): Diagnostic => ({ code: severity === 'error' ? 'E004' : 'W001', severity, message: 'm', path: [] });

describe('status bar verdict', () => {
  it('counts warnings beside "valid" without calling the graph invalid', () => {
    expect(verdict(countProblems([]))).toBe('valid');
    expect(verdict(countProblems([d('warning')]))).toBe('valid · 1 warning');
    expect(verdict(countProblems([d('warning'), d('warning')]))).toBe('valid · 2 warnings');
  });

  it('counts errors, then warnings', () => {
    expect(countProblems([d('error'), d('warning'), d('error')])).toEqual({ errors: 2, warnings: 1 });
    expect(verdict(countProblems([d('error')]))).toBe('1 error');
    expect(verdict(countProblems([d('error'), d('warning'), d('error')]))).toBe('2 errors · 1 warning');
  });
});

" Sourced after ALE's own autoload/ale/util.vim by ale_e2e.vim. The path must end in
" /ale/util.vim, or Vim refuses to redefine ale#util#... functions here (E746).
" Replaces ALE's code action prompt ("Type number and <Enter>"): picks the numbered line of
" the prompt that matches g:dfls_e2e_choice, as a user reading the menu would.
function! ale#util#Input(message, value, ...) abort
  let g:dfls_e2e_prompt = a:message
  for l:line in split(a:message, "\n")
    let l:match = matchlist(l:line, '^\s*\(\d\+\))\s*\(.*\)$')
    if !empty(l:match) && l:match[2] =~? g:dfls_e2e_choice
      return l:match[1]
    endif
  endfor
  return ''
endfunction

/** One stylesheet for the console and the sandbox; cards mimic the DingTalk and Lark clients. */
export const CONSOLE_CSS = `
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;color:#1f2329;background:#f5f6f7}
a{color:#245bdb}:focus-visible{outline:3px solid #3370ff;outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}.skip{position:absolute;left:-9999px}.skip:focus{left:1rem;top:.5rem;background:#fff;padding:.3rem .6rem;z-index:9}
.top{display:flex;align-items:center;gap:1.5rem;padding:.6rem 1.5rem;background:#1f2329;color:#fff}
.top a{color:#dee0e3;text-decoration:none}.top a[aria-current]{color:#fff;font-weight:600;border-bottom:2px solid #3370ff}
.brand{font-weight:700;color:#fff!important}.top nav{display:flex;gap:1.2rem;flex:1}.signout{margin:0}
main{padding:1.2rem 1.5rem;max-width:1400px;margin:0 auto}h1{font-size:1.4rem;margin:.2rem 0 1rem}h2{font-size:1.1rem;margin:1.4rem 0 .6rem}
table{border-collapse:collapse;width:100%;background:#fff;border-radius:8px;overflow:hidden}th,td{text-align:left;padding:.5rem .7rem;border-bottom:1px solid #eff0f1;vertical-align:top}
th{background:#f2f3f5;font-weight:600;font-size:.9rem}
label{display:block;font-weight:600;margin:.7rem 0 .25rem}.hint{font-weight:400;color:#646a73;font-size:.88rem}
input,select,textarea{font:inherit;padding:.4rem .5rem;border:1px solid #d0d3d6;border-radius:6px;background:#fff;max-width:100%}
input[type=text],input[type=url],input[type=password],textarea{width:28rem}
button,.button{font:inherit;padding:.4rem 1rem;border:1px solid #d0d3d6;border-radius:6px;background:#fff;color:#1f2329;cursor:pointer;text-decoration:none;display:inline-block}
button:disabled{opacity:.65;cursor:default}button.primary,.button.primary{background:#3370ff;border-color:#3370ff;color:#fff}button.danger{color:#d83931;border-color:#f3b5b1}
button.link{border:0;background:none;color:#dee0e3;padding:0}
.filters{display:flex;gap:.8rem;align-items:end;flex-wrap:wrap;margin-bottom:1rem}.filters label{margin:0 0 .2rem}
label.check{font-weight:400;margin:.2rem 0}fieldset.plain{border:0;padding:0;margin:0}legend.label{font-weight:600;padding:0;margin:.7rem 0 .25rem}
.inline{display:inline}.row-actions{display:flex;gap:.4rem;flex-wrap:wrap}
.flash{padding:.5rem .8rem;border-radius:6px}.flash.ok{background:#e4f7e1;color:#1a6e12}.flash.error{background:#fde7e6;color:#a52a22}
.muted{color:#646a73}.state{padding:.1rem .5rem;border-radius:10px;font-size:.85rem;white-space:nowrap}
.state-triggered{background:#fde7e6;color:#a52a22}.state-acknowledged{background:#fff1d6;color:#8a5a00}.state-resolved{background:#e4f7e1;color:#1a6e12}
.panel{background:#fff;border-radius:8px;padding:1rem 1.2rem;margin-bottom:1rem}.figures{display:flex;gap:1rem;flex-wrap:wrap}
.figure{background:#fff;border-radius:8px;padding:.8rem 1.2rem;min-width:9rem}.figure b{display:block;font-size:1.6rem}
pre{background:#f2f3f5;padding:.6rem;border-radius:6px;overflow:auto;font-size:.85rem}
.timeline{list-style:none;padding:0}.timeline li{padding:.35rem 0;border-bottom:1px dashed #e5e6e8}
.groups{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(24rem,100%),1fr));gap:1rem}
.group{display:flex;flex-direction:column;height:calc(100vh - 12rem);min-height:30rem;border-radius:10px;overflow:hidden;background:#fff;border:1px solid #e5e6e8}
.group h2{margin:0;padding:.6rem 1rem;font-size:1rem;color:#fff}.dingtalk h2{background:#1677ff}.lark h2{background:#3370ff;background:linear-gradient(90deg,#3370ff,#00d6b9)}
.feed{list-style:none;margin:0;padding:.8rem;overflow-y:auto;flex:1;background:#f0f2f5}.lark .feed{background:#f5f6f7}.wecom h2{background:#0082ef}.wecom .feed{background:#ededed}
.group-note{margin:0;padding:.6rem;border-top:1px solid #e5e6e8;font-size:.85rem;color:#646a73}
.msg{margin:.5rem 0;max-width:95%;overflow-wrap:anywhere}.msg-meta{font-size:.78rem;color:#8f959e}.msg-who{font-weight:600;color:#646a73}
.msg .text{display:inline-block;background:#fff;border-radius:8px;padding:.45rem .7rem}.msg-user{margin-left:auto;text-align:right}.msg-user .text{background:#cfe3ff}
.say{display:flex;gap:.4rem;padding:.6rem;border-top:1px solid #e5e6e8}.say input{flex:1;width:auto}
.thread-reply{border-left:3px solid #bbbfc4;padding-left:.6rem;margin-left:1rem}
.lk-card{background:#fff;border:1px solid #dee0e3;border-radius:8px;overflow:hidden;max-width:34rem;text-align:left}
.lk-head{padding:.6rem .9rem;color:#1f2329}.lk-title{font-weight:600}.lk-subtitle{font-size:.85rem;opacity:.85}
.lk-red{background:#fde2e2}.lk-orange{background:#feead2}.lk-blue{background:#e1eaff}.lk-green{background:#d9f5d6}.lk-grey{background:#eff0f1}
.lk-body{padding:.7rem .9rem}.lk-md{margin-bottom:.6rem;font-size:.92rem}.lk-actions{display:flex;gap:.5rem;flex-wrap:wrap}
.lk-btn{font-size:.88rem;padding:.3rem .8rem;border-radius:6px}.lk-primary{background:#3370ff;color:#fff;border-color:#3370ff}.lk-danger{color:#f54a45;border-color:#f54a45}
.lk-select{font-size:.88rem;padding:.3rem}
.dt-card{background:#fff;border-radius:10px;padding:.8rem 1rem;max-width:34rem;box-shadow:0 1px 3px rgba(0,0,0,.08);border-top:4px solid #f54a45;text-align:left}
.dt-acknowledged{border-top-color:#ff8800}.dt-resolved{border-top-color:#34c724}.dt-snoozed{border-top-color:#8f959e}
.dt-title{font-weight:600;font-size:1rem}.dt-tag{display:inline-block;margin:.3rem 0;padding:0 .5rem;border-radius:4px;background:#f2f3f5;font-size:.82rem}
.dt-rows{font-size:.88rem;margin:.4rem 0}.dt-row{display:flex;gap:.8rem}.dt-row span:first-child{color:#8f959e;min-width:5.5rem}
.dt-md{font-size:.88rem;margin:.3rem 0}.dt-actions{display:flex;gap:.4rem;flex-wrap:wrap;margin-top:.6rem;border-top:1px solid #f2f3f5;padding-top:.6rem}
.dt-btn{font-size:.85rem;padding:.25rem .7rem;border-radius:16px;color:#1677ff;border-color:#b7d3ff}.dt-primary{background:#1677ff;color:#fff}
.wc-card{background:#fff;border-radius:6px;max-width:34rem;text-align:left;box-shadow:0 1px 2px rgba(0,0,0,.06);overflow:hidden}
.wc-source{font-size:.8rem;padding:.7rem 1rem 0}.wc-grey{color:#8f959e}.wc-black{color:#1f2329}.wc-red{color:#f54a45}.wc-green{color:#34a853}
.wc-title{font-weight:600;font-size:1.05rem;padding:.3rem 1rem 0}.wc-desc{font-size:.85rem;color:#8f959e;padding:0 1rem}
.wc-emphasis{padding:.4rem 1rem}.wc-emphasis b{display:block;font-size:1.6rem;color:#0082ef}.wc-sub{font-size:.88rem;color:#646a73;padding:.4rem 1rem}
.wc-rows{padding:.2rem 1rem .4rem;font-size:.88rem}.wc-row{display:flex;gap:1rem;padding:.1rem 0}.wc-row span:first-child{color:#8f959e;min-width:5.5rem}
.wc-jumps{border-top:1px solid #f0f0f0}.wc-jump{display:block;padding:.45rem 1rem;color:#0082ef;text-decoration:none;border-bottom:1px solid #f0f0f0}
.wc-action{display:block;padding:.5rem 1rem;color:#646a73;font-size:.85rem;text-decoration:none;border-top:1px solid #f0f0f0}
.wc-md{display:inline-block;background:#fff;border-radius:6px;padding:.5rem .8rem;font-size:.9rem;text-align:left}.wc-md a{color:#0082ef}
.wc-info{color:#34a853}.wc-comment{color:#8f959e}.wc-warning{color:#ff8800}.wc-quote{display:block;color:#8f959e;border-left:3px solid #dcdcdc;padding-left:.5rem}
.toast{position:fixed;top:3.5rem;right:1.5rem;background:#1f2329;color:#fff;padding:.5rem 1rem;border-radius:8px;max-width:90%}
.chart{max-width:760px;display:block}
/* Style attributes are refused by the Content-Security-Policy: classes only. */
.caption-start{text-align:left}input.narrow{width:12rem}.chart rect{fill:#3370ff}.chart text{font-size:11px;fill:#646a73}
td{overflow-wrap:anywhere}table.facts th{width:9rem}
/* A phone (390px): the brand, the language and Sign out stay on the first line; the nav is a strip
   that scrolls sideways under them. Tables scroll inside their own box, or (table.stack) show each
   row as a block of labelled lines. Everything a thumb presses is at least 44px tall. */
@media (max-width:640px){
.top{display:grid;grid-template-columns:auto 1fr auto auto;gap:0 .5rem;padding:0 .75rem}.top>.brand{grid-column:1}.top>.language{grid-column:3}.top>.signout{grid-column:4}
.top nav{grid-column:1/-1;grid-row:2;flex-wrap:nowrap;gap:0;overflow-x:auto;margin:0 -.75rem;padding:0 .35rem;scrollbar-width:none;border-top:1px solid #33373d}.top nav::-webkit-scrollbar{display:none}
.top nav a{flex:none;white-space:nowrap;padding:0 .5rem}.top nav a,.top>.brand,.top>.language,.signout button{display:inline-flex;align-items:center;min-height:2.75rem}
.top a[aria-current]{border-bottom-width:3px}
main{padding:1rem .75rem;overflow-wrap:anywhere}h1{font-size:1.25rem}
input[type=text],input[type=url],input[type=password],input[type=search],input[type=number],input.narrow,textarea,select{width:100%}
button,.button,input[type=submit],.lk-btn,.dt-btn{min-height:2.75rem}.button{display:inline-flex;align-items:center}
input:not([type=checkbox]):not([type=radio]),select{min-height:2.75rem}.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.5rem}.filters>*{min-width:0}
table:not(.stack){display:block;position:relative;overflow-x:auto;max-width:100%;-webkit-overflow-scrolling:touch}table:not(.stack) :is(td,th){min-width:8rem}
table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.stack tr{display:block;padding:.4rem 0;border-bottom:1px solid #eff0f1}table.stack td{display:block;border:0;padding:.1rem .7rem}
table.stack td[data-label]::before{content:attr(data-label) ": ";font-weight:600;color:#646a73}table.facts th{width:6.5rem}
fieldset{min-width:0;margin:0 0 .6rem;padding:.3rem .6rem .6rem}label.check{display:flex;align-items:center;gap:.5rem;min-height:2.75rem;margin:0}input[type=checkbox],input[type=radio]{width:1.25rem;height:1.25rem;flex:none}
.panel{padding:.8rem}.figure{flex:1 1 8rem;min-width:0}.chart{width:100%;height:auto}
.group{height:auto;min-height:0;max-height:80vh}.feed{min-height:16rem}.msg{max-width:100%}
.toast{left:.75rem;right:.75rem;top:auto;bottom:1rem;max-width:none}
}
/* The chat form (chat-form.ts): choose the type, then only its fields show (CSS :has(); without it every field shows). A field in error is marked. */
.chat-form .type-choice{display:flex;gap:.5rem;align-items:baseline;flex-wrap:wrap;margin:.35rem 0}.chat-form .type-choice label{margin:0}.chat-form .field{margin:.2rem 0}.chat-form .label{font-weight:600}
.chat-form:not(:has(input[name=type]:checked)) .for{display:none}
.chat-form:has(#type-dingtalk:checked) .for:not(.for-dingtalk),.chat-form:has(#type-lark:checked) .for:not(.for-lark),.chat-form:has(#type-dingtalk-webhook:checked) .for:not(.for-dingtalk-webhook),.chat-form:has(#type-lark-webhook:checked) .for:not(.for-lark-webhook),.chat-form:has(#type-wecom-webhook:checked) .for:not(.for-wecom-webhook){display:none}
.chat-form:has(input[name=type]:checked) .pick-type{display:none}
.field-error{color:#a52a22;margin:.15rem 0;font-weight:600}.invalid>label,.invalid>legend{color:#a52a22}
[aria-invalid=true]{border-color:#d83931;box-shadow:0 0 0 1px #d83931}a.button.danger{color:#d83931;border-color:#f3b5b1}
`;

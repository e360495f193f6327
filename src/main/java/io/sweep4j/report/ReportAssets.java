package io.sweep4j.report;

/** The report's style sheet and its one script (sorting and filtering the trial table; no user text inside). */
final class ReportAssets {
    private ReportAssets() {
    }

    static final String CSS = """
            body{font-family:system-ui,sans-serif;margin:20px auto;color:#222;max-width:1700px;padding:0 16px}
            h1{margin:0 0 4px}h2{margin:26px 0 8px;border-bottom:1px solid #ddd}.meta{color:#555;margin:0}
            #verdict li{margin:3px 0}.charts{display:flex;flex-wrap:wrap;gap:10px}
            figure.chart{margin:0;border:1px solid #e4e4e4;border-radius:4px;padding:4px;background:#fff}
            figure.wide{flex-basis:100%}figcaption{font-size:12px;color:#555;max-width:520px;padding:2px 4px}
            figure.wide figcaption{max-width:none}
            svg{display:block;max-width:100%;height:auto}
            .frame{fill:none;stroke:#999}.grid{stroke:#eee}.axis{stroke:#888}.tick{font-size:10px;fill:#555}
            .label{font-size:12px;fill:#333}.title{font-size:13px;font-weight:600;fill:#222}
            .s-complete{fill:#1f77b4;fill-opacity:.7}.s-pruned{fill:#aaa;fill-opacity:.6}.s-fail{fill:#d62728}
            .s-running{fill:#2ca02c}.s-waiting{fill:#bcbd22}.best-line{fill:none;stroke:#d62728;stroke-width:2}
            .edf-line{fill:none;stroke:#1f77b4;stroke-width:1.6}.bar{fill:#1f77b4}.bar-cond{fill:#9467bd}
            .pc{fill:none;stroke-width:1;stroke-opacity:.45}.pc-top{fill:none;stroke-width:3;stroke-opacity:1}
            .lc{fill:none;stroke:#9aa;stroke-width:1;stroke-opacity:.6}.lc-pruned{fill:none;stroke:#ccc;
            stroke-width:1;stroke-dasharray:3 2;stroke-opacity:.7}.lc-fail{fill:none;stroke:#e99;stroke-width:1}
            .lc-top{fill:none;stroke-width:2.4}.lc-top0{stroke:#d62728}.lc-top1{stroke:#ff7f0e}.lc-top2{stroke:#2ca02c}
            .lc-top3{stroke:#9467bd}.lc-top4{stroke:#8c564b}.c-dot{fill:#fff;stroke:#000;stroke-width:.8}
            .tl.s-complete{fill:#1f77b4;fill-opacity:.85}.tl.s-pruned{fill:#999}.tl.s-fail{fill:#d62728}
            .pf-front{fill:#08306b}.pf-dominated{fill:#9ecae1;fill-opacity:.45}
            .pf-infeasible{fill:none;stroke:#d62728;stroke-opacity:.6;stroke-width:1.2}
            .pf-line{fill:none;stroke:#08306b;stroke-width:1.4}.pf-knee{fill:none;stroke:#ff7f0e;stroke-width:2}
            .hv-line{fill:none;stroke:#2ca02c;stroke-width:2}.hv-dot{fill:#2ca02c}
            .scroll{max-height:640px;overflow:auto;border:1px solid #ddd}
            table{border-collapse:collapse;font-size:12.5px}td,th{border-bottom:1px solid #eee;padding:3px 8px;
            white-space:nowrap;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
            #trial-table th{position:sticky;top:0;background:#f4f4f4;cursor:pointer;user-select:none}
            #trial-table th.asc:after{content:' ▲'}#trial-table th.desc:after{content:' ▼'}
            tr.r-pruned td{color:#777}tr.r-fail td{color:#b22}.def th{text-align:left;background:#f8f8f8}
            .controls{font-size:13px}.note{color:#777}.empty{color:#555;font-style:italic}
            footer{margin:30px 0;color:#888;font-size:12px}
            """;

    /** The script's CSP hash source ({@code sha256-...}): the page runs this script and no other. */
    static final String SCRIPT_HASH;

    static final String SCRIPT = """
            (function(){
              var table=document.getElementById('trial-table');if(!table)return;
              var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
              var filter=document.getElementById('filter'),state=document.getElementById('state');
              var shown=document.getElementById('shown');
              function key(r,i){var c=r.cells[i];var v=c.getAttribute('data-v');
                return v===null?{n:false,s:c.textContent.toLowerCase()}:{n:true,x:parseFloat(v)};}
              function apply(){var f=filter.value.toLowerCase(),s=state.value,n=0;
                rows.forEach(function(r){var ok=(!f||r.textContent.toLowerCase().indexOf(f)>=0)&&
                  (!s||r.className==='r-'+s.toLowerCase());r.style.display=ok?'':'none';if(ok)n++;});
                shown.textContent=n+' of '+rows.length+' rows';}
              Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){
                th.addEventListener('click',function(){var asc=!th.classList.contains('asc');
                  Array.prototype.forEach.call(table.tHead.rows[0].cells,
                    function(o){o.classList.remove('asc','desc');});
                  th.classList.add(asc?'asc':'desc');
                  rows.sort(function(a,b){var x=key(a,i),y=key(b,i),d;
                    if(x.n&&y.n)d=x.x-y.x;else if(x.n!==y.n)d=x.n?-1:1;else d=x.s<y.s?-1:x.s>y.s?1:0;
                    if(a.cells[i].textContent===''&&b.cells[i].textContent!=='')return 1;
                    if(b.cells[i].textContent===''&&a.cells[i].textContent!=='')return -1;
                    return asc?d:-d;});
                  rows.forEach(function(r){body.appendChild(r);});});});
              filter.addEventListener('input',apply);state.addEventListener('change',apply);apply();
            })();
            """;

    static {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(SCRIPT.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8));
            SCRIPT_HASH = "sha256-" + java.util.Base64.getEncoder().encodeToString(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

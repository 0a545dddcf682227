REM The menu command "Sozialplanung > Weitergabe ..." of the ISP extension: a dialog that asks what to share
REM and where, then calls the C++ service de.sozialplanung.isp.Weitergabe (docs/weitergabe.md), which does
REM the export. This file is the source of the extension's Basic library ISPWeitergabe; addin/ui/make_xba.py
REM wraps it into Weitergabe.xba at build time.
REM
REM Why Basic: it is part of every LibreOffice (Python scripting is a separate Debian package), and a modal
REM dialog built at run time needs no dialog library. The dialog is built in CreateDialog and read in
REM RunExport, so that tests can fill it and export without the modal Execute (tests/sharing/test_ui_dialog.py).
REM Texts: German, English when the office's user interface is not German (Tr).
Option Explicit

Private Const WG_SERVICE = "de.sozialplanung.isp.Weitergabe"
Private Const WG_GEBIETE = "ISP_WG_GEBIETE"

REM Module variables live only while a macro runs (Basic resets them when a new run starts), so the listeners
REM find their dialog through the event's source and the workbook's folder and name in the dialog model's Tag.
Private bUpdatingTarget As Boolean
Private nUiLanguage As Integer ' 0 not read yet, 1 German, 2 other

REM Entry point of the menu command.
Sub Start
    Dim oDoc As Object
    oDoc = ThisComponent
    If IsNull(oDoc) Then
        MsgBox Tr("NoCalc"), 48, Tr("Title")
        Exit Sub
    End If
    If Not oDoc.supportsService("com.sun.star.sheet.SpreadsheetDocument") Then
        MsgBox Tr("NoCalc"), 48, Tr("Title")
        Exit Sub
    End If
    Dim oDlg As Object
    oDlg = CreateDialog(oDoc)
    Dim aResult As Variant
    Do While oDlg.execute() = 1
        If Not ConfirmOverwrite(oDlg) Then
            ' back to the dialog
        Else
            aResult = RunExport(oDlg, oDoc)
            If aResult(0) Then
                MsgBox aResult(1), 64, Tr("Title")
                Exit Do
            End If
            MsgBox aResult(1), 16, Tr("Title")
        End If
    Loop
    oDlg.dispose()
End Sub

REM The dialog for oDoc, filled and ready to execute.
Function CreateDialog(oDoc As Object) As Object
    Dim oModel As Object
    oModel = CreateUnoService("com.sun.star.awt.UnoControlDialogModel")
    oModel.Title = Tr("Title")
    oModel.Width = 340
    oModel.Height = 244
    ' what the proposed file names need from the workbook (UpdateDialog)
    oModel.Tag = DefaultFolderUrl(oDoc) & Chr(10) & DocumentStem(oDoc)

    ' Map AppFont units. List boxes, the edit field and buttons get 16 units: VCL draws a drop-down list box at its
    ' natural height (about 16 units, more with some themes), so a lower slot overlaps the controls above and
    ' below; at least 4 units between neighbours. tests/sharing/test_ui_dialog.py checks that no two overlap.
    AddControl(oModel, "FixedText", "lblIntro", 6, 6, 328, 18, Array("Label", Tr("Intro"), "MultiLine", True))
    AddControl(oModel, "GroupBox", "grpVariant", 6, 28, 328, 118, Array("Label", Tr("What")))
    AddControl(oModel, "RadioButton", "optSozialraum", 12, 40, 316, 10, Array("Label", Tr("VariantArea"), "State", 1, "TabIndex", 1))
    AddControl(oModel, "RadioButton", "optOeffentlich", 12, 96, 316, 10, Array("Label", Tr("VariantPublic"), "TabIndex", 2))
    AddControl(oModel, "RadioButton", "optWerte", 12, 110, 316, 18, Array("Label", Tr("VariantValues"), "MultiLine", True, "TabIndex", 3))
    AddControl(oModel, "CheckBox", "chkOhneAddin", 24, 131, 304, 10, Array("Label", Tr("Portable"), "TabIndex", 10))
    AddControl(oModel, "FixedText", "lblArea", 24, 57, 44, 10, Array("Label", Tr("AreaLabel")))
    AddControl(oModel, "ListBox", "lstArea", 70, 54, 256, 16, Array("Dropdown", True, "LineCount", 20, "TabIndex", 4))
    AddControl(oModel, "FixedText", "lblAreaHint", 24, 74, 304, 18, Array("Label", Tr("AreaHint"), "MultiLine", True))

    AddControl(oModel, "FixedText", "lblFormat", 6, 157, 60, 10, Array("Label", Tr("Format")))
    AddControl(oModel, "ListBox", "lstFormat", 70, 154, 140, 16, Array("Dropdown", True, "TabIndex", 5))
    AddControl(oModel, "FixedText", "lblTarget", 6, 177, 60, 10, Array("Label", Tr("Target")))
    AddControl(oModel, "Edit", "txtTarget", 70, 174, 192, 16, Array("TabIndex", 6))
    AddControl(oModel, "Button", "btnBrowse", 266, 174, 68, 16, Array("Label", Tr("Browse"), "TabIndex", 7))
    AddControl(oModel, "FixedText", "lblStatus", 6, 196, 328, 20, Array("Label", "", "MultiLine", True))
    AddControl(oModel, "Button", "btnOk", 210, 222, 62, 16, Array("Label", Tr("Export"), "PushButtonType", 1, "DefaultButton", True, "TabIndex", 8))
    AddControl(oModel, "Button", "btnCancel", 276, 222, 58, 16, Array("Label", Tr("Cancel"), "PushButtonType", 2, "TabIndex", 9))

    Dim oFormats As Object
    oFormats = oModel.getByName("lstFormat")
    oFormats.StringItemList = Array(Tr("FormatXlsx"), Tr("FormatOds"))
    oFormats.SelectedItems = Array(0)

    Dim oDlg As Object
    oDlg = CreateUnoService("com.sun.star.awt.UnoControlDialog")
    oDlg.setModel(oModel)
    oDlg.createPeer(CreateUnoService("com.sun.star.awt.Toolkit"), Null)

    FillAreas(oDlg, oDoc)

    Dim oItemListener As Object, oTextListener As Object, oActionListener As Object
    oItemListener = CreateUnoListener("Choice_", "com.sun.star.awt.XItemListener")
    oDlg.getControl("optSozialraum").addItemListener(oItemListener)
    oDlg.getControl("optOeffentlich").addItemListener(oItemListener)
    oDlg.getControl("optWerte").addItemListener(oItemListener)
    oDlg.getControl("chkOhneAddin").addItemListener(oItemListener)
    oDlg.getControl("lstArea").addItemListener(oItemListener)
    oDlg.getControl("lstFormat").addItemListener(oItemListener)
    oTextListener = CreateUnoListener("Target_", "com.sun.star.awt.XTextListener")
    oDlg.getControl("txtTarget").addTextListener(oTextListener)
    oActionListener = CreateUnoListener("Browse_", "com.sun.star.awt.XActionListener")
    oDlg.getControl("btnBrowse").addActionListener(oActionListener)

    UpdateDialog(oDlg)
    CreateDialog = oDlg
End Function

REM Sozialräume first, then every Kommune with its Sozialraum: a Kommune receives the pack of the Sozialraum it
REM belongs to (the raw values of a Sozialraum go to all Kommunen that form it). The item data is the
REM Sozialraum ID. A workbook without a Weitergabe description offers only the values-only copy.
Private Sub FillAreas(oDlg As Object, oDoc As Object)
    Dim oList As Object, oService As Object
    oList = oDlg.getModel().getByName("lstArea")
    oService = CreateUnoService(WG_SERVICE)
    If IsNull(oService) Then
        DisableDescribedVariants(oDlg, Tr("NoService"))
        Exit Sub
    End If
    Dim aAreas As Variant
    On Error GoTo NotDescribed
    aAreas = oService.listAreas(oDoc)
    On Error GoTo 0

    Dim i As Long, n As Long, aParts As Variant
    For i = LBound(aAreas) To UBound(aAreas)
        aParts = Split(aAreas(i), Chr(9))
        oList.insertItemText(n, Tr("AreaItem") & " " & aParts(0) & " – " & aParts(1))
        oList.setItemData(n, CStr(aParts(0)))
        n = n + 1
    Next i
    If oDoc.NamedRanges.hasByName(WG_GEBIETE) Then
        Dim aRows As Variant, sArea As String, sName As String
        aRows = oDoc.NamedRanges.getByName(WG_GEBIETE).getReferredCells().getDataArray()
        For i = LBound(aRows) To UBound(aRows)
            sName = Trim(CStr(aRows(i)(1)))
            sArea = KeyText(aRows(i)(2))
            If sName <> "" And sArea <> "" Then
                oList.insertItemText(n, Tr("KommuneItem") & " " & sName & " (" & Tr("AreaItem") & " " & sArea & ")")
                oList.setItemData(n, sArea)
                n = n + 1
            End If
        Next i
    End If
    If n > 0 Then oList.SelectedItems = Array(0)
    Exit Sub
NotDescribed:
    DisableDescribedVariants(oDlg, ServiceMessage(Error$))
End Sub

Private Sub DisableDescribedVariants(oDlg As Object, sWhy As String)
    Dim oModel As Object
    oModel = oDlg.getModel()
    oModel.getByName("optSozialraum").Enabled = False
    oModel.getByName("optOeffentlich").Enabled = False
    oModel.getByName("lstArea").Enabled = False
    oModel.getByName("optSozialraum").State = 0
    oModel.getByName("optWerte").State = 1
    ' The service's reason already says that only "Nur Werte" is possible (in German); other languages get it too.
    If IsGermanUi() Then
        oModel.getByName("lblAreaHint").Label = sWhy
    Else
        oModel.getByName("lblAreaHint").Label = sWhy & " " & Tr("OnlyValues")
    End If
End Sub

REM A key cell as text: numbers as their integer text (as the service reads keys).
Private Function KeyText(vKey As Variant) As String
    If VarType(vKey) = 8 Then
        KeyText = Trim(vKey)
    ElseIf vKey = Int(vKey) Then
        KeyText = CStr(CLng(vKey))
    Else
        KeyText = CStr(vKey)
    End If
End Function

REM "sozialraum", "oeffentlich", "werte" or "portabel" (all values with live formulas that need no add-in).
Function SelectedVariant(oDlg As Object) As String
    Dim oModel As Object
    oModel = oDlg.getModel()
    If oModel.getByName("optWerte").State = 1 And oModel.getByName("chkOhneAddin").State = 1 Then
        SelectedVariant = "portabel"
    ElseIf oModel.getByName("optWerte").State = 1 Then
        SelectedVariant = "werte"
    ElseIf oModel.getByName("optOeffentlich").State = 1 Then
        SelectedVariant = "oeffentlich"
    Else
        SelectedVariant = "sozialraum"
    End If
End Function

REM The Sozialraum ID of the chosen Sozialraum or Kommune ("" when none).
Function SelectedArea(oDlg As Object) As String
    Dim oList As Object, aSel As Variant
    oList = oDlg.getModel().getByName("lstArea")
    aSel = oList.SelectedItems
    If UBound(aSel) < 0 Then
        SelectedArea = ""
    Else
        SelectedArea = oList.getItemData(aSel(0))
    End If
End Function

Private Function SelectedExtension(oDlg As Object) As String
    Dim aSel As Variant
    aSel = oDlg.getModel().getByName("lstFormat").SelectedItems
    If UBound(aSel) >= 0 Then
        If aSel(0) = 1 Then
            SelectedExtension = "ods"
            Exit Function
        End If
    End If
    SelectedExtension = "xlsx"
End Function

REM Enables what the chosen variant needs and proposes a file name beside the workbook (the same names as
REM scripts/weitergabe.sh: <Stamm>_SR<ID>, <Stamm>_oeffentlich, <Stamm>_werte), unless the user typed or chose
REM a path of their own.
Sub UpdateDialog(oDlg As Object)
    Dim oModel As Object, sVariant As String, aWorkbook As Variant
    oModel = oDlg.getModel()
    aWorkbook = Split(oModel.Tag, Chr(10))
    sVariant = SelectedVariant(oDlg)
    oModel.getByName("lstArea").Enabled = (sVariant = "sozialraum") And oModel.getByName("optSozialraum").Enabled
    ' The per-area and public copies hold values only and need no add-in anyway.
    oModel.getByName("chkOhneAddin").Enabled = (oModel.getByName("optWerte").State = 1)
    Dim sSuffix As String
    Select Case sVariant
        Case "sozialraum"
            sSuffix = "_SR" & SelectedArea(oDlg)
            oModel.getByName("lblStatus").Label = Tr("StatusArea")
        Case "oeffentlich"
            sSuffix = "_oeffentlich"
            oModel.getByName("lblStatus").Label = Tr("StatusPublic")
        Case "portabel"
            sSuffix = "_ohne_AddIn"
            oModel.getByName("lblStatus").Label = Tr("StatusPortable")
        Case Else
            sSuffix = "_werte"
            oModel.getByName("lblStatus").Label = Tr("StatusValues")
    End Select
    Dim oTarget As Object, sTarget As String
    oTarget = oModel.getByName("txtTarget")
    If oTarget.Tag <> "user" Then
        sTarget = ConvertFromURL(aWorkbook(0) & "/" & aWorkbook(1) & sSuffix & "." & SelectedExtension(oDlg))
    Else
        ' keep the user's path, but let its extension follow the chosen format
        sTarget = TargetPath(oDlg)
    End If
    bUpdatingTarget = True
    oTarget.Text = sTarget
    bUpdatingTarget = False
End Sub

REM The path in the target field with the extension of the chosen format ("" when the field is empty).
Private Function TargetPath(oDlg As Object) As String
    TargetPath = WithExtension(Trim(oDlg.getModel().getByName("txtTarget").Text), SelectedExtension(oDlg))
End Function

Private Function WithExtension(sPath As String, sExt As String) As String
    Dim sLower As String
    sLower = LCase(sPath)
    If Right(sLower, 5) = ".xlsx" Then
        WithExtension = Left(sPath, Len(sPath) - 5) & "." & sExt
    ElseIf Right(sLower, 4) = ".ods" Then
        WithExtension = Left(sPath, Len(sPath) - 4) & "." & sExt
    ElseIf sPath = "" Then
        WithExtension = sPath
    Else
        WithExtension = sPath & "." & sExt
    End If
End Function

Private Function DocumentStem(oDoc As Object) As String
    Dim sTitle As String, i As Long
    If oDoc.hasLocation() Then
        sTitle = oDoc.getURL()
        sTitle = ConvertFromURL(Mid(sTitle, InStrLastSlash(sTitle) + 1))
    Else
        sTitle = oDoc.getTitle()
    End If
    For i = Len(sTitle) To 1 Step -1
        If Mid(sTitle, i, 1) = "." Then
            sTitle = Left(sTitle, i - 1)
            Exit For
        End If
    Next i
    DocumentStem = sTitle
End Function

Private Function InStrLastSlash(sUrl As String) As Long
    Dim i As Long
    For i = Len(sUrl) To 1 Step -1
        If Mid(sUrl, i, 1) = "/" Then
            InStrLastSlash = i
            Exit Function
        End If
    Next i
    InStrLastSlash = 0
End Function

REM The workbook's folder, else the office's work folder (Tools > Options > Paths).
Private Function DefaultFolderUrl(oDoc As Object) As String
    If oDoc.hasLocation() Then
        DefaultFolderUrl = Left(oDoc.getURL(), InStrLastSlash(oDoc.getURL()) - 1)
    Else
        DefaultFolderUrl = CreateUnoService("com.sun.star.util.PathSettings").Work
    End If
End Function

REM Exports what the dialog says. Returns Array(True, summary) or Array(False, German message).
Function RunExport(oDlg As Object, oDoc As Object) As Variant
    Dim sVariant As String, sArea As String, sPath As String, sUrl As String
    sVariant = SelectedVariant(oDlg)
    sArea = SelectedArea(oDlg)
    sPath = TargetPath(oDlg)
    If sVariant = "sozialraum" And sArea = "" Then
        RunExport = Array(False, Tr("NoArea"))
        Exit Function
    End If
    If sPath = "" Then
        RunExport = Array(False, Tr("NoTarget"))
        Exit Function
    End If
    If LCase(Left(sPath, 5)) = "file:" Then
        sUrl = sPath
    Else
        sUrl = ConvertToURL(sPath)
    End If
    Dim oService As Object, sSummary As String
    oService = CreateUnoService(WG_SERVICE)
    If IsNull(oService) Then
        RunExport = Array(False, Tr("NoService"))
        Exit Function
    End If
    On Error GoTo Failed
    sSummary = oService.exportCopy(oDoc, sVariant, sArea, sUrl)
    On Error GoTo 0
    RunExport = Array(True, Tr("Done") & " " & ConvertFromURL(sUrl) & Chr(10) & Chr(10) & sSummary)
    Exit Function
Failed:
    RunExport = Array(False, ServiceMessage(Error$))
End Function

REM Asks before an existing file is replaced; False = back to the dialog.
Private Function ConfirmOverwrite(oDlg As Object) As Boolean
    Dim sPath As String
    sPath = TargetPath(oDlg)
    ConfirmOverwrite = True
    If sPath <> "" Then
        If FileExists(sPath) Then
            ConfirmOverwrite = (MsgBox(Tr("Overwrite") & Chr(10) & sPath, 4 + 32, Tr("Title")) = 6)
        End If
    End If
End Function

REM Basic reports a UNO exception as "... Message: <text>."; the planner needs only the service's own text.
Function ServiceMessage(sError As String) As String
    Dim iAt As Long
    iAt = InStr(sError, "Message: ")
    Dim sText As String
    If iAt > 0 Then
        sText = Trim(Mid(sError, iAt + 9))
    Else
        sText = Trim(sError)
    End If
    ' Basic adds its own full stop after the message
    If Right(sText, 2) = ".." Then sText = Left(sText, Len(sText) - 1)
    ServiceMessage = sText
End Function

REM Listeners of the dialog (CreateUnoListener prefixes).
Sub Choice_itemStateChanged(oEvent As Object)
    UpdateDialog(oEvent.Source.getContext())
End Sub

Sub Choice_disposing(oEvent As Object)
End Sub

Sub Target_textChanged(oEvent As Object)
    If Not bUpdatingTarget Then oEvent.Source.getModel().Tag = "user"
End Sub

Sub Target_disposing(oEvent As Object)
End Sub

Sub Browse_actionPerformed(oEvent As Object)
    Dim oPicker As Object, sExt As String, oModel As Object, oDlg As Object
    oDlg = oEvent.Source.getContext()
    oModel = oDlg.getModel()
    sExt = SelectedExtension(oDlg)
    oPicker = CreateUnoService("com.sun.star.ui.dialogs.FilePicker")
    oPicker.initialize(Array(com.sun.star.ui.dialogs.TemplateDescription.FILESAVE_AUTOEXTENSION))
    If sExt = "ods" Then
        oPicker.appendFilter(Tr("FormatOds"), "*.ods")
    Else
        oPicker.appendFilter(Tr("FormatXlsx"), "*.xlsx")
    End If
    Dim sCurrent As String
    sCurrent = Trim(oModel.getByName("txtTarget").Text)
    If sCurrent <> "" Then
        Dim sUrl As String
        sUrl = ConvertToURL(sCurrent)
        oPicker.setDisplayDirectory(Left(sUrl, InStrLastSlash(sUrl) - 1))
        oPicker.setDefaultName(ConvertFromURL(Mid(sUrl, InStrLastSlash(sUrl) + 1)))
    End If
    If oPicker.execute() = 1 Then
        oModel.getByName("txtTarget").Tag = "user"
        bUpdatingTarget = True
        oModel.getByName("txtTarget").Text = WithExtension(ConvertFromURL(oPicker.getFiles()(0)), sExt)
        bUpdatingTarget = False
    End If
End Sub

Sub Browse_disposing(oEvent As Object)
End Sub

REM Public: the other menu modules of the library (DatenImport.bas) build their dialogs with it too.
Sub AddControl(oModel As Object, sKind As String, sName As String, nX As Long, nY As Long, nWidth As Long, nHeight As Long, aProps As Variant)
    Dim oControl As Object, i As Long
    oControl = oModel.createInstance("com.sun.star.awt.UnoControl" & sKind & "Model")
    oControl.PositionX = nX
    oControl.PositionY = nY
    oControl.Width = nWidth
    oControl.Height = nHeight
    For i = LBound(aProps) To UBound(aProps) Step 2
        oControl.setPropertyValue(aProps(i), aProps(i + 1))
    Next i
    oModel.insertByName(sName, oControl)
End Sub

REM German unless the office's user interface is set to another language.
Function IsGermanUi() As Boolean
    Dim sLocale As String
    sLocale = ""
    On Error Resume Next
    Dim oProvider As Object, oAccess As Object
    Dim aArgs(0) As New com.sun.star.beans.PropertyValue
    oProvider = CreateUnoService("com.sun.star.configuration.ConfigurationProvider")
    aArgs(0).Name = "nodepath"
    aArgs(0).Value = "/org.openoffice.Setup/L10N"
    oAccess = oProvider.createInstanceWithArguments("com.sun.star.configuration.ConfigurationAccess", aArgs())
    sLocale = oAccess.getByName("ooLocale")
    If sLocale = "" Then sLocale = oAccess.getByName("ooSetupSystemLocale")
    On Error GoTo 0
    IsGermanUi = (sLocale = "" Or LCase(Left(sLocale, 2)) = "de")
End Function

Function Tr(sKey As String) As String
    Dim bDe As Boolean
    If nUiLanguage = 0 Then nUiLanguage = IIf(IsGermanUi(), 1, 2)
    bDe = (nUiLanguage = 1)
    Select Case sKey
        Case "Title": Tr = IIf(bDe, "Weitergabe – Kopie zum Weitergeben erstellen", "Weitergabe – create a copy for sharing")
        Case "Intro": Tr = IIf(bDe, "Erstellt eine Kopie dieser Arbeitsmappe, in der Formeln durch Werte ersetzt sind. Die geöffnete Datei bleibt unverändert.", "Writes a copy of this workbook with formulas replaced by their values. The open file is not changed.")
        Case "What": Tr = IIf(bDe, "Was soll weitergegeben werden?", "What do you want to share?")
        Case "VariantArea": Tr = IIf(bDe, "Paket für einen Sozialraum (Rohwerte nur dieses Sozialraums, Landkreis als Referenz)", "Pack for one Sozialraum (raw values of this Sozialraum only, Landkreis as reference)")
        Case "AreaLabel": Tr = IIf(bDe, "Empfänger:", "Recipient:")
        Case "AreaHint": Tr = IIf(bDe, "Eine Kommune erhält das Paket ihres Sozialraums.", "A Kommune receives the pack of its Sozialraum.")
        Case "AreaItem": Tr = "Sozialraum"
        Case "KommuneItem": Tr = IIf(bDe, "Kommune", "Kommune")
        Case "VariantPublic": Tr = IIf(bDe, "Öffentliche Fassung (nur Klassen und Farben, keine Werte, keine Rangfolge)", "Public version (classes and colours only, no values, no ranking)")
        Case "VariantValues": Tr = IIf(bDe, "Nur Werte (alle Blätter und alle Werte, ohne Formeln; für Empfänger ohne Add-in – nur intern weitergeben)", "Values only (every sheet and every value, no formulas; for recipients without the add-in – internal use only)")
        Case "Format": Tr = IIf(bDe, "Format:", "Format:")
        Case "FormatXlsx": Tr = IIf(bDe, "Excel-Arbeitsmappe (.xlsx)", "Excel workbook (.xlsx)")
        Case "FormatOds": Tr = IIf(bDe, "OpenDocument-Tabelle (.ods)", "OpenDocument spreadsheet (.ods)")
        Case "Target": Tr = IIf(bDe, "Speichern unter:", "Save as:")
        Case "Browse": Tr = IIf(bDe, "Durchsuchen …", "Browse …")
        Case "Export": Tr = IIf(bDe, "Exportieren", "Export")
        Case "Cancel": Tr = IIf(bDe, "Abbrechen", "Cancel")
        Case "StatusArea": Tr = IIf(bDe, "Andere Sozialräume, gemischte Planungsräume, interne Blätter, Namen, Kommentare und Diagramme mit deren Werten werden entfernt; kleine Fallzahlen werden „.“.", "Other Sozialräume, mixed Planungsräume, internal sheets, names, comments and charts of their values are removed; small counts become "".""")
        Case "StatusPublic": Tr = IIf(bDe, "Nur die öffentlichen Blätter (Klassen und Farben) und ein Hinweisblatt bleiben.", "Only the public sheets (classes and colours) and a notes sheet remain.")
        Case "Portable": Tr = IIf(bDe, "Formeln behalten, die ohne Add-in rechnen (Excel, LibreOffice)", "Keep formulas that work without the add-in (Excel, LibreOffice)")
        Case "StatusPortable": Tr = IIf(bDe, "Rechnet ohne Add-in weiter; enthält die Rohwerte aller Gebiete: nur intern weitergeben.", "Recalculates without the add-in; contains the raw values of all areas: internal use only.")
        Case "StatusValues": Tr = IIf(bDe, "Enthält die Rohwerte aller Gebiete: nicht an Kommunen oder die Öffentlichkeit geben.", "Contains the raw values of all areas: do not give it to Kommunen or the public.")
        Case "OnlyValues": Tr = IIf(bDe, "Möglich ist nur „Nur Werte“.", "Only ""Values only"" is possible.")
        Case "NoArea": Tr = IIf(bDe, "Bitte einen Sozialraum oder eine Kommune wählen.", "Please choose a Sozialraum or a Kommune.")
        Case "NoTarget": Tr = IIf(bDe, "Bitte angeben, wo die Kopie gespeichert werden soll.", "Please say where to save the copy.")
        Case "NoService": Tr = IIf(bDe, "Die Weitergabe-Funktion des ISP-Add-ins ist nicht installiert.", "The Weitergabe service of the ISP add-in is not installed.")
        Case "NoCalc": Tr = IIf(bDe, "Die Weitergabe arbeitet mit einer geöffneten Calc-Arbeitsmappe.", "Weitergabe needs an open Calc workbook.")
        Case "Overwrite": Tr = IIf(bDe, "Die Datei gibt es schon. Ersetzen?", "The file exists already. Replace it?")
        Case "Done": Tr = IIf(bDe, "Gespeichert:", "Saved:")
        Case Else: Tr = sKey
    End Select
End Function

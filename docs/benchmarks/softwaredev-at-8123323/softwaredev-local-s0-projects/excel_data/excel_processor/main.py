import streamlit as st
import pandas as pd

def main():
    st.title("Excel Data Processing App")

    # Upload Excel file
    uploaded_file = st.file_uploader("Choose an Excel file", type="xlsx")

    if uploaded_file is not None:
        # Read the Excel file
        df = pd.read_excel(uploaded_file)

        # Display the data content
        st.write("Excel Data Content:")
        st.dataframe(df)

if __name__ == "__main__":
    main()
